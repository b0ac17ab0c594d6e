package io.basalt.persistence;

/** The numbers of Redis's RDB format (rdb.h): version, opcodes, value types, string encodings. */
final class RdbFormat {
    private RdbFormat() {}

    /** Redis 7.0 writes version 10 and loads 1..10. */
    static final int VERSION = 10;
    static final byte[] MAGIC = {'R', 'E', 'D', 'I', 'S'};

    // Length prefixes: the top two bits of the first byte.
    static final int LEN_6BIT = 0, LEN_14BIT = 1, LEN_32BIT = 0x80, LEN_64BIT = 0x81, LEN_ENCODED = 3;
    // Special string encodings (after a LEN_ENCODED prefix).
    static final int ENC_INT8 = 0, ENC_INT16 = 1, ENC_INT32 = 2, ENC_LZF = 3;

    // Value types.
    static final int TYPE_STRING = 0;
    static final int TYPE_LIST = 1;
    static final int TYPE_SET = 2;
    static final int TYPE_ZSET = 3;
    static final int TYPE_HASH = 4;
    static final int TYPE_ZSET_2 = 5;
    static final int TYPE_MODULE = 6;
    static final int TYPE_MODULE_2 = 7;
    static final int TYPE_HASH_ZIPMAP = 9;
    static final int TYPE_LIST_ZIPLIST = 10;
    static final int TYPE_SET_INTSET = 11;
    static final int TYPE_ZSET_ZIPLIST = 12;
    static final int TYPE_HASH_ZIPLIST = 13;
    static final int TYPE_LIST_QUICKLIST = 14;
    static final int TYPE_STREAM_LISTPACKS = 15;
    static final int TYPE_HASH_LISTPACK = 16;
    static final int TYPE_ZSET_LISTPACK = 17;
    static final int TYPE_LIST_QUICKLIST_2 = 18;
    static final int TYPE_STREAM_LISTPACKS_2 = 19;

    // Opcodes.
    static final int OPCODE_FUNCTION2 = 245;
    static final int OPCODE_FUNCTION = 246;
    static final int OPCODE_MODULE_AUX = 247;
    static final int OPCODE_IDLE = 248;
    static final int OPCODE_FREQ = 249;
    static final int OPCODE_AUX = 250;
    static final int OPCODE_RESIZEDB = 251;
    static final int OPCODE_EXPIRETIME_MS = 252;
    static final int OPCODE_EXPIRETIME = 253;
    static final int OPCODE_SELECTDB = 254;
    static final int OPCODE_EOF = 255;

    // quicklist 2 node containers.
    static final int CONTAINER_PLAIN = 1, CONTAINER_PACKED = 2;
}
