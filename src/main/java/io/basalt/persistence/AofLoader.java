package io.basalt.persistence;

import io.basalt.util.Strerror;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.command.spi.DetachedConnection;
import io.basalt.protocol.Args;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.Log;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the AOF at start-up (Redis's loadAppendOnlyFiles and loadSingleAppendOnlyFile): the
 * base, RDB or AOF format, then the increments, each command run through the dispatcher by a
 * client that sends no replies and never blocks, with nothing expiring meanwhile. A file cut
 * short is truncated to its last complete command when {@code aof-load-truncated} allows and
 * it is the last file; anything else malformed stops the start-up, with Redis's messages.
 */
final class AofLoader {
    enum Status { OK, NOT_EXIST, EMPTY, OPEN_ERR, FAILED, TRUNCATED }

    /** Redis reads AOF lines with fgets into a buffer of AOF_ANNOTATION_LINE_MAX_LEN bytes. */
    private static final int LINE_MAX = 1024;
    private static final byte[] MULTI = Ascii.bytes("MULTI");
    private static final byte[] EXEC = Ascii.bytes("EXEC");
    private static final byte[] RDB_MAGIC = Ascii.bytes("REDIS");

    private final Engine engine;
    private final Path aofDir;
    private final String appendFilename;
    private final boolean loadTruncated;
    private final Client client;
    /** Size of the base file (INFO's aof_base_size after a load). */
    long baseSize;
    /** Total size of the base and increments. */
    long totalSize;

    AofLoader(Engine engine, Path aofDir, String appendFilename, boolean loadTruncated) {
        this.engine = engine;
        this.aofDir = aofDir;
        this.appendFilename = appendFilename;
        this.loadTruncated = loadTruncated;
        this.client = new Client(-1, engine, new DetachedConnection(), new ReplyWriter((buf, len) -> { }));
        client.set(Client.DENY_BLOCKING);
    }

    /** Redis's loadAppendOnlyFiles over the files the manifest lists. */
    Status load(AofManifest am) {
        if (am.isEmpty()) return Status.NOT_EXIST;
        List<AofManifest.FileInfo> files = am.loadOrder();
        for (AofManifest.FileInfo f : files) {
            long size = size(f.name());
            if (size < 0) return Status.FAILED;
            totalSize += size;
        }
        if (totalSize == 0) return Status.EMPTY;
        Status ret = Status.OK;
        for (int i = 0; i < files.size(); i++) {
            AofManifest.FileInfo f = files.get(i);
            boolean last = i == files.size() - 1;
            boolean isBase = f == am.base();
            if (isBase) baseSize = size(f.name());
            long start = System.nanoTime();
            ret = loadFile(f.name());
            if (ret == Status.OK || (ret == Status.TRUNCATED && last)) {
                Log.notice("DB loaded from " + (isBase ? "base" : "incr") + " file " + f.name() + ": "
                        + seconds(System.nanoTime() - start) + " seconds");
            }
            if (ret == Status.EMPTY && !isBase) ret = Status.OK;
            if (ret == Status.TRUNCATED && !last) {
                ret = Status.FAILED;
                Log.warning("Fatal error: the truncated file is not the last file");
            }
            if (ret == Status.OPEN_ERR || ret == Status.FAILED) return ret;
        }
        return ret;
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** getAppendOnlyFileSize: the file's length, or -1 (logged) when it cannot be read. */
    private long size(String name) {
        try {
            return Files.size(aofDir.resolve(name));
        } catch (IOException e) {
            Log.warning("Unable to obtain the AOF file " + name + " length. stat: " + Strerror.of(e));
            return -1;
        }
    }

    /** Redis's loadSingleAppendOnlyFile. */
    Status loadFile(String name) {
        Path path = aofDir.resolve(name);
        long fileSize;
        try {
            fileSize = Files.size(path);
        } catch (NoSuchFileException e) {
            Log.warning("The append log file " + name + " doesn't exist: No such file or directory");
            return Status.NOT_EXIST;
        } catch (IOException e) {
            Log.warning("Fatal error: can't open the append log file " + name + " for reading: " + Strerror.of(e));
            return Status.OPEN_ERR;
        }
        if (fileSize == 0) return Status.EMPTY;
        engine.keyspace().setLoading(true);
        try (Reader in = new Reader(Files.newInputStream(path))) {
            return replay(name, path, in, fileSize);
        } catch (IOException e) {
            Log.warning("Unrecoverable error reading the append only file " + name + ": " + Strerror.of(e));
            return Status.FAILED;
        } finally {
            engine.keyspace().setLoading(false);
        }
    }

    private Status replay(String name, Path path, Reader in, long fileSize) throws IOException {
        if (startsWithRdb(in)) {
            boolean oldStyle = name.equals(appendFilename);
            Log.notice(oldStyle ? "Reading RDB preamble from AOF file..." : "Reading RDB base file on AOF loading...");
            RdbPreamble rdb = engine.service(RdbPreamble.class);
            try {
                if (rdb == null) throw new IOException("this server cannot load RDB data yet");
                rdb.load(engine, in);
            } catch (IOException e) {
                Log.warning(oldStyle
                        ? "Error reading the RDB preamble of the AOF file " + name + ", AOF loading aborted"
                        : "Error reading the RDB base file " + name + ", AOF loading aborted");
                Log.warning("Unrecoverable error reading the append only file " + name + ": " + Strerror.of(e));
                return Status.FAILED;
            }
            if (oldStyle) Log.notice("Reading the remaining AOF tail...");
        }
        long validUpTo = in.position();
        long validBeforeMulti = 0;
        List<Args> queued = null;
        byte[] line = new byte[LINE_MAX];
        while (true) {
            int n = in.readLine(line);
            if (n == 0) break;
            if (line[0] == '#') continue;
            if (line[0] != '*') return formatError(name);
            if (n == 1) return unexpectedEof(name, path, validUpTo);
            int argc = atoi(line, 1, n);
            if (argc < 1) return formatError(name);
            byte[][] argv = new byte[argc][];
            for (int j = 0; j < argc; j++) {
                int m = in.readLine(line);
                if (m == 0) return unexpectedEof(name, path, validUpTo);
                if (line[0] != '$') return formatError(name);
                long len = Math.max(0, strtol(line, 1, m));
                // An argument longer than what is left of the file is a short read, not an allocation.
                if (len > fileSize - in.position()) return unexpectedEof(name, path, validUpTo);
                byte[] arg = new byte[(int) len];
                if (!in.readFully(arg) || !in.skip2()) return unexpectedEof(name, path, validUpTo);
                argv[j] = arg;
            }
            Args args = Args.of(argv);
            if (args.is(0, MULTI)) {
                validBeforeMulti = validUpTo;
                queued = new ArrayList<>();
            } else if (queued != null && args.is(0, EXEC)) {
                for (Args q : queued) {
                    if (!run(name, q)) return Status.FAILED;
                }
                queued = null;
            } else if (queued != null) {
                if (!known(name, args)) return Status.FAILED;
                queued.add(args);
            } else if (!run(name, args)) {
                return Status.FAILED;
            }
            validUpTo = in.position();
        }
        if (queued != null) {
            Log.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
            return unexpectedEof(name, path, validBeforeMulti);
        }
        return Status.OK;
    }

    private boolean startsWithRdb(Reader in) throws IOException {
        byte[] sig = in.peek(RDB_MAGIC.length);
        return java.util.Arrays.equals(sig, RDB_MAGIC);
    }

    private boolean run(String name, Args args) {
        client.setArgs(args);
        if (engine.dispatcher().executeLoaded(client)) return true;
        Log.warning("Unknown command '" + args.string(0) + "' reading the append only file " + name);
        return false;
    }

    private boolean known(String name, Args args) {
        if (engine.commands().lookup(args.buffer(), args.offset(0), args.length(0)) != null) return true;
        Log.warning("Unknown command '" + args.string(0) + "' reading the append only file " + name);
        return false;
    }

    private Status formatError(String name) {
        Log.warning("Bad file format reading the append only file " + name
                + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
        return Status.FAILED;
    }

    /** The file ends inside a command: truncate it to {@code validUpTo} if allowed, else fail. */
    private Status unexpectedEof(String name, Path path, long validUpTo) {
        if (loadTruncated) {
            Log.warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
            Log.warning("!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                f.setLength(validUpTo);
                Log.warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
                return Status.TRUNCATED;
            } catch (IOException e) {
                Log.warning("Error truncating the AOF file " + name + ": " + Strerror.of(e));
            }
        }
        Log.warning("Unexpected end of file reading the append only file " + name + ". You can: "
                + "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        return Status.FAILED;
    }

    /** C's atoi over a line (digits after an optional sign, up to the first other byte). */
    private static int atoi(byte[] b, int from, int to) {
        long v = strtol(b, from, to);
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? -1 : (int) v;
    }

    private static long strtol(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) negative = b[i++] == '-';
        long v = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i++] - '0');
            if (v > Integer.MAX_VALUE) return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -v : v;
    }

    /** A buffered stream with fgets-like lines and the position of the next unread byte. */
    private static final class Reader extends InputStream {
        private final BufferedInputStream in;
        private long position;

        Reader(InputStream raw) {
            this.in = new BufferedInputStream(raw, 1 << 16);
        }

        long position() {
            return position;
        }

        byte[] peek(int n) throws IOException {
            in.mark(n);
            byte[] b = in.readNBytes(n);
            in.reset();
            return b;
        }

        /**
         * fgets(buf, LINE_MAX): up to and including a newline, at most LINE_MAX - 1 bytes;
         * returns the count, 0 at the end of the file.
         */
        int readLine(byte[] buf) throws IOException {
            int n = 0;
            while (n < buf.length - 1) {
                int c = in.read();
                if (c < 0) break;
                position++;
                buf[n++] = (byte) c;
                if (c == '\n') break;
            }
            return n;
        }

        boolean readFully(byte[] b) throws IOException {
            int n = in.readNBytes(b, 0, b.length);
            position += n;
            return n == b.length;
        }

        /** Discards the CRLF after a bulk argument (Redis reads two bytes and does not check them). */
        boolean skip2() throws IOException {
            byte[] crlf = new byte[2];
            return readFully(crlf);
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) position++;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

}
