package io.basalt.replication;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.command.spi.DetachedConnection;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.persistence.ReplicationInfo;
import io.basalt.protocol.Args;
import io.basalt.protocol.CommandStream;
import io.basalt.protocol.ProtocolException;
import io.basalt.protocol.ReplyWriter;
import io.basalt.protocol.RequestDecoder;
import io.basalt.util.Ascii;
import io.basalt.util.Log;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The replica's side of one master (Redis's connectWithMaster, syncWithMaster,
 * readSyncBulkPayload and the master client): a thread of its own connects, runs the
 * handshake (PING, AUTH, REPLCONF, PSYNC), receives a full sync's RDB (to a temp file, or
 * straight into the loader with {@code repl-diskless-load}) or continues partially, then
 * reads the stream and applies it through the dispatcher as the master client, acknowledging
 * its offset every second and on GETACK. A lost link is retried with a back-off of 1 to 5 s,
 * asking for a partial resync from where the stream stopped.
 * <p>
 * Blocking socket I/O happens on the link's thread outside the execution lock; the state and
 * every command it applies are inside the execution order.
 */
final class MasterLink {
    /** Redis's repl_state values as ROLE names them. */
    enum State { CONNECT, CONNECTING, HANDSHAKE, TRANSFER, CONNECTED }

    /** What INFO replication shows of the link (read under the execution lock). */
    record Status(boolean connected, long lastInteraction, boolean transferring, long readOffset, long offset,
                  long transferSize, long transferRead, long transferLastIo, long downSince) {}

    private static final long MAX_BACKOFF_MS = 5000;
    private static final byte[] MULTI = Ascii.bytes("MULTI");
    private static final byte[] EXEC = Ascii.bytes("EXEC");

    private final Replication repl;
    private final Engine engine;
    private final Config config;
    private final ReentrantLock lock;
    private final String host;
    private final int port;
    private volatile boolean cancelled;
    private volatile Socket socket;
    /** The socket's output while a full sync transfers: the cron's keep-alive newlines go there. */
    private volatile OutputStream transferOut;
    private Thread thread;

    // Guarded by the execution lock.
    private volatile State state = State.CONNECT;
    private Client master;
    private String masterReplId;
    private long reploff;
    private long readReploff;
    private long lastInteraction;
    private long downSince;
    private boolean ackRequested;
    private long ackOffset;
    private volatile long transferSize = -1;
    private volatile long transferRead;
    private volatile long transferLastIo;

    MasterLink(Replication repl, String host, int port) {
        this.repl = repl;
        this.engine = repl.engine;
        this.config = repl.config;
        this.lock = engine.executionLock();
        this.host = host;
        this.port = port;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    boolean connected() {
        return state == State.CONNECTED;
    }

    /** The database the master client is in, -1 without one (rdbPopulateSaveInfo). */
    int masterClientDb() {
        return master == null ? -1 : master.db().id();
    }

    Status status() {
        long off = 1, read = 1;
        if (master != null) {
            off = reploff;
            read = readReploff;
        } else if (repl.cachedMaster != null) {
            off = read = repl.cachedMaster.offset();
        }
        return new Status(state == State.CONNECTED, lastInteraction, state == State.TRANSFER, read, off,
                transferSize, transferRead, transferLastIo / 1000, downSince);
    }

    /** The connected master's id, offset and database, as a cached master; null while not connected. */
    Replication.CachedMaster currentMaster() {
        return master == null ? null : new Replication.CachedMaster(masterReplId, reploff, master.db().id());
    }

    /** ROLE's state word. */
    String roleState() {
        return switch (state) {
            case CONNECT -> "connect";
            case CONNECTING -> "connecting";
            case HANDSHAKE -> "handshake";
            case TRANSFER -> "sync";
            case CONNECTED -> "connected";
        };
    }

    /** ROLE's offset: the processed offset while connected, else -1. */
    long roleOffset() {
        return master != null ? reploff : -1;
    }

    void start() {
        thread = new Thread(this::run, "basalt-master-link");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the link for good (REPLICAOF elsewhere or NO ONE), inside the execution order. */
    void cancel() {
        cancelled = true;
        closeSocket();
        dropMasterClient();
        state = State.CONNECT;
        thread.interrupt();
    }

    /** REPLCONF GETACK from the master: an ACK with the offset processed so far leaves after this batch. */
    void requestAck() {
        ackRequested = true;
        ackOffset = reploff;
    }

    /** replicationCron's replica part: the link times out when the master is silent for repl-timeout seconds. */
    void cron() {
        long timeout = config.getLong(Directives.REPL_TIMEOUT);
        long now = repl.nowSeconds();
        if (state == State.CONNECTED && now - lastInteraction > timeout) {
            Log.warning("MASTER timeout: no data nor PING received...");
            closeSocket();
        } else if (state == State.TRANSFER && now - transferLastIo / 1000 > timeout) {
            Log.warning("Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' "
                    + "parameter in redis.conf to a larger value.");
            closeSocket();
        } else if (state == State.TRANSFER) {
            sendNewline();
        }
    }

    // ---- the link's thread ------------------------------------------------------------------------

    private void run() {
        long backoff = 1000;
        while (!cancelled) {
            boolean synced = false;
            try {
                synced = connectAndSync();
            } catch (IOException | ProtocolException | RuntimeException e) {
                // A link that reached the stream logs its loss as Redis does ("Connection with master lost").
                if (!cancelled && !connected()) Log.warning("Error condition on socket for SYNC: " + e.getMessage());
            } finally {
                closeSocket();
                linkLost();
            }
            if (cancelled) return;
            backoff = synced ? 1000 : Math.min(MAX_BACKOFF_MS, backoff * 2);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(synced ? 1000 : backoff / 2));
            if (cancelled) return;
            Log.notice("Reconnecting to MASTER " + host + ":" + port);
        }
    }

    private void setState(State s) {
        lock.lock();
        try {
            if (!cancelled) state = s;
            repl.updateGate();
        } finally {
            lock.unlock();
        }
    }

    /** One connection to the master: handshake, sync, stream; true once it got as far as the stream. */
    private boolean connectAndSync() throws IOException, ProtocolException {
        setState(State.CONNECTING);
        Log.notice("MASTER <-> REPLICA sync started");
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.getLong(Directives.REPL_TIMEOUT) * 1000);
        Socket s = new Socket();
        socket = s;
        if (cancelled) return false;
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        s.setTcpNoDelay(!config.getBool(Directives.REPL_DISABLE_TCP_NODELAY));
        s.setSoTimeout(timeoutMs);
        InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
        OutputStream out = s.getOutputStream();
        Log.notice("Non blocking connect for SYNC fired the event.");
        setState(State.HANDSHAKE);
        handshake(in, out);
        String[] psync = psyncRequest();
        try {
            if (psync.length == 3) send(out, "PSYNC", psync[0], psync[1], psync[2]);
            else send(out, "PSYNC", psync[0], psync[1]);
        } catch (IOException e) {
            failoverAnswered(false, "Write error to failover target");
            throw e;
        }
        String reply = nonEmptyLine(in);
        failoverAnswered(reply.startsWith("+CONTINUE") || reply.startsWith("+FULLRESYNC"), "Failover target rejected psync request");
        if (reply.startsWith("+CONTINUE")) {
            continuePartially(reply);
        } else if (reply.startsWith("+FULLRESYNC")) {
            fullSync(reply, in, out);
        } else if (reply.startsWith("-NOMASTERLINK") || reply.startsWith("-LOADING")) {
            Log.notice("Master is currently unable to PSYNC but should be in the future: " + reply);
            return false;
        } else {
            Log.warning(reply.startsWith("-ERR") ? "Master does not support PSYNC or is in error state (reply: " + reply + ")"
                    : "Unexpected reply to PSYNC from master: " + reply);
            return false;
        }
        stream(s, in, out);
        return true;
    }

    private void handshake(InputStream in, OutputStream out) throws IOException {
        send(out, "PING");
        String pong = nonEmptyLine(in);
        if (!pong.startsWith("+") && !pong.startsWith("-NOAUTH") && !pong.startsWith("-NOPERM")
                && !pong.startsWith("-ERR operation not permitted")) {
            throw new IOException("Error reply to PING from master: '" + pong + "'");
        }
        Log.notice("Master replied to PING, replication can continue...");
        String auth = config.getString(Directives.MASTERAUTH), user = config.getString(Directives.MASTERUSER);
        boolean authenticate = !auth.isEmpty();
        if (authenticate) {
            if (user.isEmpty()) send(out, "AUTH", auth);
            else send(out, "AUTH", user, auth);
        }
        long announcePort = config.getLong(Directives.REPLICA_ANNOUNCE_PORT);
        send(out, "REPLCONF", "listening-port", Long.toString(announcePort != 0 ? announcePort : config.getLong(Directives.PORT)));
        String announceIp = config.getString(Directives.REPLICA_ANNOUNCE_IP);
        if (!announceIp.isEmpty()) send(out, "REPLCONF", "ip-address", announceIp);
        send(out, "REPLCONF", "capa", "eof", "capa", "psync2");
        if (authenticate) {
            String r = nonEmptyLine(in);
            if (r.startsWith("-")) throw new IOException("Unable to AUTH to MASTER: " + r);
        }
        nonCritical(nonEmptyLine(in), "listening-port");
        if (!announceIp.isEmpty()) nonCritical(nonEmptyLine(in), "ip-address");
        nonCritical(nonEmptyLine(in), "capa");
    }

    private static void nonCritical(String reply, String option) {
        if (reply.startsWith("-")) Log.notice("(Non critical) Master does not understand REPLCONF " + option + ": " + reply);
    }

    /**
     * slaveTryPartialResynchronization's request: the cached master's id and next offset, else
     * "? -1"; a master failing over to this one adds FAILOVER.
     */
    private String[] psyncRequest() {
        lock.lock();
        try {
            Replication.CachedMaster cached = repl.cachedMaster;
            String id = "?", offset = "-1";
            if (cached == null) {
                Log.notice("Partial resynchronization not possible (no cached master)");
            } else {
                id = cached.replId();
                offset = Long.toString(cached.offset() + 1);
                Log.notice("Trying a partial resynchronization (request " + id + ":" + offset + ").");
            }
            if (repl.failover.state == Failover.State.IN_PROGRESS) return new String[] {id, offset, "FAILOVER"};
            return new String[] {id, offset};
        } finally {
            lock.unlock();
        }
    }

    /** The failover that made us a replica of this master completes or is aborted with the PSYNC reply. */
    private void failoverAnswered(boolean accepted, String why) {
        lock.lock();
        try {
            if (cancelled || repl.failover.state != Failover.State.IN_PROGRESS) return;
            if (accepted) repl.failover.accepted();
            else repl.failover.abort(why);
        } finally {
            lock.unlock();
        }
    }

    /** +CONTINUE [newid]: the stream resumes where the cached master stopped. */
    private void continuePartially(String reply) {
        lock.lock();
        try {
            if (cancelled) return;
            Log.notice("Successful partial resynchronization with master.");
            Replication.CachedMaster cached = repl.cachedMaster;
            String newId = reply.length() >= 10 + 40 ? reply.substring(10, 50) : null;
            String id = cached.replId();
            if (newId != null && !newId.equals(id)) {
                Log.warning("Master replication ID changed to " + newId);
                repl.replId2 = id;
                repl.secondReplOffset = repl.masterReplOffset() + 1;
                repl.replId = newId;
                id = newId;
                repl.replicas.disconnectAll();
            }
            repl.createBacklog();
            createMasterClient(id, cached.offset(), cached.db());
            Log.notice("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
        } finally {
            lock.unlock();
        }
    }

    /** +FULLRESYNC id offset, then the RDB payload ($len or $EOF:mark), loaded in place of the dataset. */
    private void fullSync(String reply, InputStream in, OutputStream out) throws IOException {
        String[] parts = reply.split(" ");
        if (parts.length != 3 || parts[1].length() != 40) throw new IOException("Master replied with wrong +FULLRESYNC syntax.");
        String masterId = parts[1];
        long initialOffset = Long.parseLong(parts[2]);
        Log.notice("Full resync from master: " + masterId + ":" + initialOffset);
        // The transfer's clock starts before the state says TRANSFER: the cron times a transfer out by it.
        transferRead = 0;
        transferLastIo = System.currentTimeMillis();
        transferOut = out;
        setState(State.TRANSFER);
        String header = nonEmptyLine(in);
        if (header.startsWith("-")) throw new IOException("MASTER aborted replication with an error: " + header.substring(1));
        if (!header.startsWith("$")) {
            throw new IOException("Bad protocol from MASTER, the first byte is not '$' (we received '" + header
                    + "'), are you sure the host and port are right?");
        }
        byte[] eofMark = null;
        if (header.startsWith("$EOF:") && header.length() == 5 + 40) {
            eofMark = Ascii.bytes(header.substring(5));
            transferSize = 0;
        } else {
            transferSize = Long.parseLong(header.substring(1));
        }
        boolean diskless = useDisklessLoad();
        Log.notice("MASTER <-> REPLICA sync: receiving " + (eofMark != null ? "streamed RDB from master with EOF"
                : transferSize + " bytes from master") + (diskless ? " to parser" : " to disk"));
        ReplicationInfo info;
        InputStream payload = new Progress(in);
        // A sync that replaces the dataset replaces our history too: sub-replicas must resync with us.
        lock.lock();
        try {
            repl.cachedMaster = null;
            repl.replicas.disconnectAll();
            repl.freeBacklog();
            repl.persistence.stopAofForSync();
            if (!config.getString(Directives.REPL_DISKLESS_LOAD).equals("swapdb")) engine.setLoading(true);
        } finally {
            lock.unlock();
        }
        try {
            if (diskless) {
                Log.notice("MASTER <-> REPLICA sync: Loading DB in memory");
                info = repl.persistence.loadReplicaPayload(payload);
                if (eofMark != null) expectMark(payload, eofMark);
            } else {
                Path file = receiveToFile(payload, eofMark);
                Log.notice("MASTER <-> REPLICA sync: Flushing old data");
                Log.notice("MASTER <-> REPLICA sync: Loading DB in memory");
                try (InputStream fin = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    info = repl.persistence.loadReplicaPayload(fin);
                }
            }
        } finally {
            engine.setLoading(false);
        }
        transferOut = null;
        lock.lock();
        try {
            if (cancelled) return;
            repl.replId = masterId;
            repl.clearReplicationId2();
            repl.createBacklog();
            repl.setOffset(initialOffset);
            createMasterClient(masterId, initialOffset, info != null ? info.streamDb() : 0);
            Log.notice("MASTER <-> REPLICA sync: Finished with success");
            repl.persistence.restartAofAfterSync();
        } finally {
            lock.unlock();
        }
    }

    private boolean useDisklessLoad() {
        String mode = config.getString(Directives.REPL_DISKLESS_LOAD);
        if (mode.equals("swapdb")) return true;
        if (!mode.equals("on-empty-db")) return false;
        lock.lock();
        try {
            for (int i = 0; i < engine.keyspace().count(); i++) if (engine.keyspace().db(i).size() > 0) return false;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The payload into temp-<unixtime>.<pid>.rdb, fsynced and renamed over dbfilename. */
    private Path receiveToFile(InputStream in, byte[] eofMark) throws IOException {
        Path dump = repl.persistence.dumpFile();
        Path temp = dump.resolveSibling("temp-" + repl.nowSeconds() + "." + ProcessHandle.current().pid() + ".rdb");
        try (FileChannel f = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            if (eofMark == null) {
                long left = transferSize;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new EOFException("I/O error trying to sync with MASTER: connection lost");
                    write(f, buf, n);
                    left -= n;
                }
            } else {
                copyUntilMark(in, f, eofMark, buf);
            }
            f.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, dump, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dump;
    }

    /** Copies the stream up to the 40-byte mark that ends a diskless payload (the mark itself is not written). */
    private static void copyUntilMark(InputStream in, FileChannel f, byte[] mark, byte[] buf) throws IOException {
        // The last mark.length bytes seen stay at the front of buf until more arrive: they may be the mark.
        int held = 0;
        while (true) {
            int n = in.read(buf, held, buf.length - held);
            if (n < 0) throw new EOFException("I/O error trying to sync with MASTER: connection lost");
            int total = held + n;
            if (total >= mark.length && Arrays.equals(buf, total - mark.length, total, mark, 0, mark.length)) {
                write(f, buf, total - mark.length);
                return;
            }
            held = Math.min(total, mark.length);
            write(f, buf, total - held);
            System.arraycopy(buf, total - held, buf, 0, held);
        }
    }

    private static void write(FileChannel f, byte[] b, int n) throws IOException {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b, 0, n);
        while (bb.hasRemaining()) f.write(bb);
    }

    private static void expectMark(InputStream in, byte[] mark) throws IOException {
        byte[] got = in.readNBytes(mark.length);
        if (!Arrays.equals(got, mark)) throw new IOException("Replication payload did not end with the EOF mark");
    }

    /** replicationCreateMasterClient: the client the stream's commands run as. Under the lock. */
    private void createMasterClient(String id, long offset, int db) {
        masterReplId = id;
        reploff = offset;
        readReploff = offset;
        lastInteraction = repl.nowSeconds();
        downSince = 0;
        master = new Client(engine.clients().newId(), engine, new MasterConnection(), new ReplyWriter((buf, len) -> { }));
        master.set(Client.MASTER | Client.DENY_BLOCKING);
        master.setAuthenticated(true);
        master.select(db);
        engine.clients().add(master);
        state = State.CONNECTED;
        repl.updateGate();
    }

    /** The master client's transport: CLIENT KILL on it closes the link, which then reconnects. */
    private final class MasterConnection extends DetachedConnection {
        @Override
        public String address() {
            return host + ":" + port;
        }

        @Override
        public void closeNow() {
            closeSocket();
        }
    }

    private void dropMasterClient() {
        if (master == null) return;
        engine.clients().remove(master);
        engine.dispatcher().disconnected(master);
        master = null;
    }

    /** The link ended (replicationCacheMaster / replicationHandleMasterDisconnection). */
    private void linkLost() {
        transferOut = null;
        lock.lock();
        try {
            if (master != null) {
                Log.notice("Connection with master lost.");
                Log.notice("Caching the disconnected master state.");
                if (!cancelled) repl.cachedMaster = currentMaster();
                dropMasterClient();
                downSince = repl.nowSeconds();
            }
            if (!cancelled) state = State.CONNECT;
            repl.updateGate();
        } finally {
            lock.unlock();
        }
    }

    /**
     * replicationSendNewlineToMaster: while the snapshot arrives and loads, a newline a second
     * tells the master we are alive (it does not count in the offset).
     */
    private void sendNewline() {
        OutputStream out = transferOut;
        if (out == null) return;
        try {
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            closeSocket();
        }
    }

    private void closeSocket() {
        Socket s = socket;
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }

    // ---- the stream ---------------------------------------------------------------------------------

    /** Reads and applies the master's stream until the link breaks. */
    private void stream(Socket s, InputStream in, OutputStream out) throws IOException, ProtocolException {
        s.setSoTimeout(100);
        RequestDecoder decoder = new RequestDecoder();
        Args args = new Args();
        Transaction txn = new Transaction();
        long lastAck = 0;
        while (!cancelled) {
            int n;
            try {
                byte[] q = decoder.ensureWritable(16 * 1024);
                n = in.read(q, decoder.writeIndex(), q.length - decoder.writeIndex());
            } catch (SocketTimeoutException e) {
                n = 0;
            }
            if (n < 0) throw new EOFException("the master closed the connection");
            if (n > 0) {
                engine.stats().netReplInputBytes.add(n);
                decoder.commitWrite(n);
                apply(decoder, args, txn, n);
            }
            long now = System.currentTimeMillis();
            boolean ackNow;
            long offset;
            lock.lock();
            try {
                ackNow = ackRequested || now - lastAck >= 1000;
                offset = ackRequested ? ackOffset : reploff;
                ackRequested = false;
            } finally {
                lock.unlock();
            }
            if (ackNow) {
                send(out, "REPLCONF", "ACK", Long.toString(offset));
                lastAck = now;
            }
        }
    }

    /** The queued part of a MULTI/EXEC block: applied, offset and proxied as one unit at EXEC. */
    private static final class Transaction {
        final List<Args> queued = new ArrayList<>();
        final CommandStream raw = new CommandStream();
        boolean open;
    }

    /** Applies every complete command read so far, as the master client, in one locked section. */
    private void apply(RequestDecoder decoder, Args args, Transaction txn, int read) throws ProtocolException {
        lock.lock();
        try {
            if (cancelled || master == null) return;
            readReploff += read;
            lastInteraction = repl.nowSeconds();
            int start = decoder.commandStartOrPosition();
            while (decoder.next(args, false, Long.MAX_VALUE)) {
                int end = decoder.position();
                byte[] buf = decoder.buffer();
                if (txn.open || args.is(0, MULTI)) {
                    txn.open = true;
                    txn.raw.appendRaw(buf, start, end - start);
                    if (args.is(0, EXEC)) {
                        for (Args queued : txn.queued) execute(queued);
                        commit(txn.raw.array(), 0, txn.raw.length());
                        txn.queued.clear();
                        txn.raw.clear();
                        txn.open = false;
                    } else if (!args.is(0, MULTI)) {
                        txn.queued.add(args.copyRange(0, args.count()));
                    }
                } else {
                    execute(args);
                    commit(buf, start, end - start);
                }
                start = end;
            }
            decoder.compact();
        } finally {
            lock.unlock();
        }
    }

    /** The master client runs one command; it sees keys as they are, expired or not (expireIfNeeded's master exception). */
    private void execute(Args a) {
        master.setArgs(a);
        engine.keyspace().setLoading(true);
        try {
            engine.dispatcher().dispatch(master);
        } finally {
            engine.keyspace().setLoading(false);
        }
    }

    /** Applied bytes: our offset moves and they go on to our backlog and sub-replicas. */
    private void commit(byte[] b, int off, int len) {
        reploff += len;
        repl.feedFromMaster(b, off, len);
    }

    // ---- handshake I/O --------------------------------------------------------------------------------

    private static void send(OutputStream out, String... words) throws IOException {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) argv[i] = words[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Ascii.bytes("*" + argv.length + "\r\n"));
        for (byte[] a : argv) {
            b.write(Ascii.bytes("$" + a.length + "\r\n"));
            b.write(a);
            b.write('\r');
            b.write('\n');
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** The next reply line, skipping the newlines a master sends to keep a waiting replica's link alive. */
    private String nonEmptyLine(InputStream in) throws IOException {
        while (true) {
            String line = line(in);
            if (!line.isEmpty()) return line;
            transferLastIo = System.currentTimeMillis();
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("the master closed the connection");
            if (c == '\n') break;
            if (c != '\r') sb.append((char) c);
            if (sb.length() > 64 * 1024) throw new IOException("reply line too long");
        }
        return sb.toString();
    }

    /** Counts payload bytes for INFO's master_sync_* fields. */
    private final class Progress extends FilterInputStream {
        Progress(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) progress(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) progress(n);
            return n;
        }

        private void progress(int n) {
            engine.stats().netReplInputBytes.add(n);
            transferRead += n;
            transferLastIo = System.currentTimeMillis();
        }
    }
}
