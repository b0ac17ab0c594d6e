package io.basalt.persistence;

import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.util.Crc64;

/**
 * DUMP/RESTORE's payload (createDumpPayload / verifyDumpPayload): an RDB type byte and
 * value, then the RDB version as 2 little-endian bytes, then the CRC-64 of all that.
 */
final class DumpPayload {
    private DumpPayload() {}

    static byte[] create(Object value, boolean compress) {
        RdbWriter w = new RdbWriter(64, compress);
        w.writeByte(RdbWriter.typeOf(value));
        w.writeObject(value);
        return seal(w);
    }

    /** Appends the footer (RDB version, CRC-64) to what {@code w} holds; the payload. */
    static byte[] seal(RdbWriter w) {
        w.writeByte(RdbFormat.VERSION & 0xff);
        w.writeByte(RdbFormat.VERSION >>> 8);
        long crc = Crc64.update(0, w.buffer(), 0, w.size());
        for (int i = 0; i < 8; i++) w.writeByte((int) (crc >>> (8 * i)));
        return w.toByteArray();
    }

    /** True if the footer names an RDB version this server reads and the checksum matches. */
    static boolean verify(byte[] b, int off, int len) {
        if (len < 10) return false;
        int footer = off + len - 10;
        int version = (b[footer] & 0xff) | (b[footer + 1] & 0xff) << 8;
        if (version > RdbFormat.VERSION) return false;
        long expected = 0;
        for (int i = 0; i < 8; i++) expected |= (long) (b[footer + 2 + i] & 0xff) << (8 * i);
        return Crc64.update(0, b, off, len - 8) == expected;
    }

    /** The value of a verified payload; throws RdbException if it is malformed or an empty collection. */
    static Object value(byte[] b, int off, int len, EncodingLimits limits, boolean shareIntegers) {
        RdbReader in = new RdbReader(b, off, len - 10);
        Object value = in.readObject(in.readByte(), limits, shareIntegers);
        if (value == null) throw new RdbException("empty collection");
        return value;
    }
}
