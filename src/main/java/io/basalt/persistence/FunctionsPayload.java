package io.basalt.persistence;

import io.basalt.util.Ascii;

import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP's payload (functionDumpCommand) and FUNCTION RESTORE's reading of it: one
 * FUNCTION2 record per library, as in an RDB, then the RDB version and CRC-64 of a DUMP
 * payload ({@link DumpPayload}).
 */
public final class FunctionsPayload {
    private FunctionsPayload() {}

    public static byte[] dump(List<byte[]> codes, boolean compress) {
        RdbWriter w = new RdbWriter(64, compress);
        for (byte[] code : codes) writeLibrary(w, code);
        return DumpPayload.seal(w);
    }

    static void writeLibrary(RdbWriter w, byte[] code) {
        w.writeByte(RdbFormat.OPCODE_FUNCTION2);
        w.writeString(code, 0, code.length);
    }

    /** The library codes of a payload; throws IllegalArgumentException with FUNCTION RESTORE's error text. */
    public static List<byte[]> read(byte[] b) {
        if (!DumpPayload.verify(b, 0, b.length)) throw new IllegalArgumentException("DUMP payload version or checksum are wrong");
        RdbReader in = new RdbReader(b, 0, b.length - 10);
        List<byte[]> codes = new ArrayList<>();
        while (in.offset() < b.length - 10) {
            int type;
            try {
                type = in.readByte();
            } catch (RdbException e) {
                throw new IllegalArgumentException("can not read data type");
            }
            if (type != RdbFormat.OPCODE_FUNCTION && type != RdbFormat.OPCODE_FUNCTION2) {
                throw new IllegalArgumentException("given type is not a function");
            }
            codes.add(readLibrary(in, type));
        }
        return codes;
    }

    /** rdbFunctionLoad: a FUNCTION2 record's code, or a 7.0 release candidate's FUNCTION record turned into one. */
    static byte[] readLibrary(RdbReader in, int type) {
        if (type == RdbFormat.OPCODE_FUNCTION2) {
            try {
                return in.readString();
            } catch (RdbException e) {
                throw new IllegalArgumentException("Failed loading library payload");
            }
        }
        byte[] name = string(in, "Failed loading library name");
        byte[] engine = string(in, "Failed loading engine name");
        long hasDescription;
        try {
            hasDescription = in.readLength();
        } catch (RdbException e) {
            throw new IllegalArgumentException("Failed loading library description indicator");
        }
        if (hasDescription != 0) string(in, "Failed loading library description");
        byte[] blob = string(in, "Failed loading library blob");
        byte[] head = Ascii.bytes("#!" + Ascii.string(engine) + " name=" + Ascii.string(name) + "\n");
        byte[] code = new byte[head.length + blob.length];
        System.arraycopy(head, 0, code, 0, head.length);
        System.arraycopy(blob, 0, code, head.length, blob.length);
        return code;
    }

    private static byte[] string(RdbReader in, String error) {
        try {
            return in.readString();
        } catch (RdbException e) {
            throw new IllegalArgumentException(error);
        }
    }
}
