package io.basalt.persistence;

import io.basalt.util.ArgSplitter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redis 7.0's multi-part AOF manifest ({@code <appendfilename>.manifest} in
 * {@code appenddirname}): one line per file, {@code file <name> seq <n> type <b|h|i>}, the
 * base first, then history, then the increments in sequence order. Parsing follows
 * aofLoadManifestFromFile line for line, with its error messages; writing goes through a temp
 * file, fsync and rename, as persistAofManifest does.
 */
public final class AofManifest {
    public static final char BASE = 'b';
    public static final char HISTORY = 'h';
    public static final char INCR = 'i';
    /** Redis reads manifest lines with fgets into a 1024+1 byte buffer. */
    private static final int MAX_LINE = 1024;

    /** One file of the AOF: its name in the AOF directory, sequence number and type. */
    public record FileInfo(String name, long seq, char type) {
        /** The manifest line, with the name quoted when it needs it (sdscatrepr). */
        String format() {
            String shown = needsRepr(name) ? repr(name) : name;
            return "file " + shown + " seq " + seq + " type " + type + "\n";
        }
    }

    /** A manifest Redis would refuse to start with: the lines it logs before exiting. */
    public static final class FatalError extends Exception {
        private final transient List<String> logLines;

        FatalError(String error, int lineNumber, String line) {
            super(error, null, false, false);
            List<String> lines = new ArrayList<>();
            lines.add("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
            if (line != null) {
                lines.add("Reading the manifest file, at line " + lineNumber + "\n");
                lines.add(">>> '" + line + "'\n");
            }
            lines.add(error + "\n");
            this.logLines = List.copyOf(lines);
        }

        public List<String> logLines() {
            return logLines;
        }
    }

    private FileInfo base;
    private final List<FileInfo> history = new ArrayList<>();
    private final List<FileInfo> incrs = new ArrayList<>();
    private long baseSeq;
    private long incrSeq;

    public FileInfo base() {
        return base;
    }

    public List<FileInfo> history() {
        return List.copyOf(history);
    }

    public List<FileInfo> incrs() {
        return List.copyOf(incrs);
    }

    /** No base and no increment: nothing to load. */
    public boolean isEmpty() {
        return base == null && incrs.isEmpty();
    }

    /** The base (if any) then the increments, in load order. */
    public List<FileInfo> loadOrder() {
        List<FileInfo> out = new ArrayList<>();
        if (base != null) out.add(base);
        out.addAll(incrs);
        return out;
    }

    public static String fileName(String appendFilename) {
        return appendFilename + ".manifest";
    }

    /**
     * Redis's getNewBaseFileNameAndMarkPreAsHistory: a new base {@code <appendfilename>.<seq>.base.rdb}
     * (or {@code .aof} without the RDB preamble); the previous base becomes history.
     */
    public FileInfo newBase(String appendFilename, boolean rdbPreamble) {
        if (base != null) history.addFirst(new FileInfo(base.name(), base.seq(), HISTORY));
        baseSeq++;
        base = new FileInfo(appendFilename + "." + baseSeq + ".base" + (rdbPreamble ? ".rdb" : ".aof"), baseSeq, BASE);
        return base;
    }

    /** Redis's aofUpgradePrepare: the single AOF file of a Redis before 7.0 becomes base number 1. */
    void adoptOldStyleBase(String appendFilename) {
        base = new FileInfo(appendFilename, 1, BASE);
        baseSeq = 1;
    }

    /** Redis's getNewIncrAofName: {@code <appendfilename>.<seq>.incr.aof}, appended to the increments. */
    public FileInfo newIncr(String appendFilename) {
        incrSeq++;
        FileInfo f = new FileInfo(appendFilename + "." + incrSeq + ".incr.aof", incrSeq, INCR);
        incrs.add(f);
        return f;
    }

    /** Redis's getLastIncrAofName: the increment being appended to, created when there is none. */
    public FileInfo lastIncr(String appendFilename) {
        return incrs.isEmpty() ? newIncr(appendFilename) : incrs.getLast();
    }

    /** Redis's aofManifestDup: a copy to change, which replaces this one only once persisted. */
    AofManifest copy() {
        AofManifest c = new AofManifest();
        c.base = base;
        c.history.addAll(history);
        c.incrs.addAll(incrs);
        c.baseSeq = baseSeq;
        c.incrSeq = incrSeq;
        return c;
    }

    /**
     * Redis's markRewrittenIncrAofAsHistory: the increments a new base covers become history
     * (ahead of the older history), all but the last one when it is still being appended to.
     */
    void markRewrittenIncrsAsHistory(boolean lastInUse) {
        int covered = lastInUse ? incrs.size() - 1 : incrs.size();
        if (covered <= 0) return;
        List<FileInfo> moved = new ArrayList<>(covered);
        for (FileInfo f : incrs.subList(0, covered)) moved.add(new FileInfo(f.name(), f.seq(), HISTORY));
        incrs.subList(0, covered).clear();
        history.addAll(0, moved);
    }

    /** The history files, removed from the manifest (aofDelHistoryFiles). */
    List<FileInfo> takeHistory() {
        List<FileInfo> taken = List.copyOf(history);
        history.clear();
        return taken;
    }

    /** Redis's getAofManifestAsString. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) sb.append(base.format());
        for (FileInfo f : history) sb.append(f.format());
        for (FileInfo f : incrs) sb.append(f.format());
        return sb.toString();
    }

    /** Writes the manifest as {@code file} in {@code dir}: temp file, fsync, rename, fsync of the directory. */
    public void write(Path dir, String file) throws IOException {
        Path temp = dir.resolve("temp-" + file);
        byte[] text = format().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text));
            ch.force(true);
        }
        Files.move(temp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Reads a manifest file (aofLoadManifestFromFile). */
    public static AofManifest read(Path file) throws IOException, FatalError {
        return parse(Files.readAllBytes(file));
    }

    /** Parses manifest bytes with Redis's line reading (fgets of at most 1024 bytes) and checks. */
    public static AofManifest parse(byte[] text) throws FatalError {
        AofManifest am = new AofManifest();
        long maxSeq = 0;
        int lineNumber = 0;
        int p = 0;
        while (true) {
            if (p >= text.length) {
                if (lineNumber == 0) throw new FatalError("Found an empty AOF manifest", 0, null);
                return am;
            }
            int end = p;
            while (end < text.length && end - p < MAX_LINE && text[end] != '\n') end++;
            boolean newline = end < text.length && text[end] == '\n';
            String raw = new String(text, p, end - p, StandardCharsets.UTF_8);
            p = newline ? end + 1 : end;
            lineNumber++;
            if (raw.startsWith("#")) continue;
            if (!newline) throw new FatalError("The AOF manifest file contains too long line", lineNumber, null);
            String line = trim(raw);
            if (line.isEmpty()) throw new FatalError("Invalid AOF manifest file format", lineNumber, line);
            List<String> argv = ArgSplitter.split(line);
            // 'argc < 6' leaves room for keys later versions may add.
            if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) {
                throw new FatalError("Invalid AOF manifest file format", lineNumber, line);
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int i = 0; i < argv.size(); i += 2) {
                String key = argv.get(i).toLowerCase(Locale.ROOT);
                String value = argv.get(i + 1);
                switch (key) {
                    case "file" -> {
                        name = value;
                        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
                            throw new FatalError("File can't be a path, just a filename", lineNumber, line);
                        }
                    }
                    case "seq" -> seq = atoll(value);
                    case "type" -> type = value.isEmpty() ? 0 : value.charAt(0);
                    default -> { }
                }
            }
            if (name == null || seq == 0 || type == 0) {
                throw new FatalError("Invalid AOF manifest file format", lineNumber, line);
            }
            FileInfo f = new FileInfo(name, seq, type);
            switch (type) {
                case BASE -> {
                    if (am.base != null) throw new FatalError("Found duplicate base file information", lineNumber, line);
                    am.base = f;
                    am.baseSeq = seq;
                }
                case HISTORY -> am.history.add(f);
                case INCR -> {
                    if (seq <= maxSeq) throw new FatalError("Found a non-monotonic sequence number", lineNumber, line);
                    am.incrs.add(f);
                    am.incrSeq = seq;
                    maxSeq = seq;
                }
                default -> throw new FatalError("Unknown AOF file type", lineNumber, line);
            }
        }
    }

    /** sdstrim(line, " \t\r\n"). */
    private static String trim(String s) {
        int from = 0, to = s.length();
        while (from < to && " \t\r\n".indexOf(s.charAt(from)) >= 0) from++;
        while (to > from && " \t\r\n".indexOf(s.charAt(to - 1)) >= 0) to--;
        return s.substring(from, to);
    }

    /** C's atoll: optional blanks and sign, then digits up to the first other character; 0 if none. */
    private static long atoll(String s) {
        int i = 0, n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) negative = s.charAt(i++) == '-';
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') v = v * 10 + (s.charAt(i++) - '0');
        return negative ? -v : v;
    }

    /** sdsneedsrepr: a name with quotes, backslashes, spaces or non-printable bytes is written quoted. */
    private static boolean needsRepr(String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            if (b == '\\' || b == '"' || b == '\n' || b == '\r' || b == '\t' || b == 7 || b == '\b'
                    || b < 0x21 || b > 0x7e) {
                return true;
            }
        }
        return false;
    }

    /** sdscatrepr: the name in double quotes with C escapes and \xHH for other non-printable bytes. */
    private static String repr(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            switch (b) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (b >= 0x20 && b <= 0x7e) sb.append((char) b);
                    else sb.append(String.format("\\x%02x", b & 0xff));
                }
            }
        }
        return sb.append('"').toString();
    }
}
