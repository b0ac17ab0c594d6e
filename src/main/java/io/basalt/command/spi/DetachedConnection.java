package io.basalt.command.spi;

/**
 * The transport of a client with no socket (Redis's fake clients: the AOF loader's now,
 * later Lua's and the replication link's): no peer, nothing buffered, nothing to close.
 * Subclasses override what they do have.
 */
public class DetachedConnection implements Connection {
    @Override
    public String address() {
        return "";
    }

    @Override
    public String localAddress() {
        return "";
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public int queryBufferLength() {
        return 0;
    }

    @Override
    public int queryBufferCapacity() {
        return 0;
    }

    @Override
    public long pendingOutputBytes() {
        return 0;
    }

    @Override
    public void closeAfterReply() {}

    @Override
    public void closeNow() {}

    @Override
    public void resume() {}
}
