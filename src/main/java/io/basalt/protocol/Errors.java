package io.basalt.protocol;

/**
 * Every error text Basalt sends, exactly as Redis 7.0 sends it (without the leading '-').
 * Handlers reference these constants; a message built from arguments gets a factory here.
 */
public final class Errors {
    private Errors() {}

    // ---- general: the dispatcher's gate and errors shared by many commands ------------------

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String SYNTAX = "ERR syntax error";
    public static final String SAME_OBJECT = "ERR source and destination objects are the same";
    public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";
    public static final String REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
    public static final String MASTERDOWN =
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    public static final String READONLY = "READONLY You can't write against a read only replica.";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String NOT_IN_MULTI = "ERR Command not allowed inside a transaction";
    public static final String MULTI_NESTED = "ERR MULTI calls can not be nested";
    public static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
    public static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
    public static final String WATCH_IN_MULTI = "ERR WATCH inside MULTI is not allowed";

    /**
     * EXEC itself rejected by a check: the transaction goes, with the check's error (Redis's
     * execCommandAbort). Redis formats its generic rejections without the ERR code.
     */
    public static String execAbort(String error) {
        return "EXECABORT Transaction discarded because of: " + (error.startsWith("ERR ") ? error.substring(4) : error);
    }
    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    /** Redis's shared.err: a bare "-ERR" when a save fails (the log has the reason). */
    public static final String ERR = "ERR";
    public static final String BGSAVE_IN_PROGRESS = "ERR Background save already in progress";
    public static final String BGSAVE_CHILD_ACTIVE = "ERR Another child process is active (AOF?): can't BGSAVE right now. "
            + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";
    public static final String AOFRW_IN_PROGRESS = "ERR Background append only file rewriting already in progress";
    public static final String AOFRW_FAILED = "ERR Can't execute an AOF background rewriting. "
            + "Please check the server logs for more information.";
    public static final String INVALID_TTL = "ERR Invalid TTL value, must be >= 0";
    public static final String INVALID_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    public static final String INVALID_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    public static final String DUMP_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
    public static final String BAD_DATA_FORMAT = "ERR Bad data format";
    public static String misconfAof(String reason) {
        return "MISCONF Errors writing to the AOF file: " + reason;
    }

    public static final String DEBUG_RELOAD_OPTIONS = "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.";
    public static final String RELOAD_FAILED = "ERR Error trying to load the RDB dump, check server logs.";
    public static final String MISCONF_RDB = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
            + "to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors "
            + "during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for "
            + "details about the RDB error.";
    public static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    public static final String BUSY_SCRIPT =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    public static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    // ---- numbers, strings, bitmaps and LCS --------------------------------------------------

    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String INCR_OVERFLOW = "ERR increment or decrement would overflow";
    public static final String LCS_NOT_STRINGS = "ERR The specified keys must contain string values";
    public static final String LCS_LEN_AND_IDX = "ERR If you want both the length and indexes, please just use IDX.";
    public static final String LCS_EXCEEDS_BULK_LEN =
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
    public static final String LCS_ALLOC_FAILED = "ERR Insufficient memory, failed allocating transient memory for LCS";
    public static final String DECR_OVERFLOW = "ERR decrement would overflow";
    public static final String INCR_NAN_OR_INF = "ERR increment would produce NaN or Infinity";
    public static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
    public static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
    public static final String INCR_IS_NAN_OR_INF = "ERR value is NaN or Infinity";
    public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
    public static final String BIT_VALUE = "ERR bit is not an integer or out of range";
    public static final String BITPOS_BIT = "ERR The bit argument must be 1 or 0.";
    public static final String BITOP_NOT_SINGLE_KEY = "ERR BITOP NOT must be called with a single source key.";
    public static final String BITFIELD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    public static final String BITFIELD_OVERFLOW_TYPE = "ERR Invalid OVERFLOW type specified";
    public static final String BITFIELD_RO_GET_ONLY = "ERR BITFIELD_RO only supports the GET subcommand";
    public static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
    public static final String HLL_WRONGTYPE = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    public static final String HLL_CORRUPTED = "INVALIDOBJ Corrupted HLL object detected";
    public static final String PFDEBUG_NO_SUCH_KEY = "ERR The specified key does not exist";
    public static final String HLL_NOT_SPARSE = "ERR HLL encoding is not sparse";

    // ---- sets -------------------------------------------------------------------------------

    /** SINTERCARD, LMPOP/BLMPOP, ZMPOP/BZMPOP, ZINTERCARD: numkeys below 1 or not a number. */
    public static final String NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
    public static final String NUMKEYS_EXCEED_ARGS = "ERR Number of keys can't be greater than number of args";
    public static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";

    // ---- scripting and functions --------------------------------------------------------------

    public static final String NUMKEYS_NEGATIVE = "ERR Number of keys can't be negative";
    public static final String FCALL_BAD_NUMKEYS = "ERR Bad number of keys provided";
    public static final String FUNCTION_NOT_FOUND = "ERR Function not found";
    public static final String LIBRARY_NOT_FOUND = "ERR Library not found";
    public static final String LIBRARY_NAME_MISSING = "ERR library name argument was not given";
    public static final String FUNCTION_FLUSH_MODE = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
    public static final String FUNCTION_RESTORE_POLICY =
            "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";

    // ---- lists --------------------------------------------------------------------------------

    public static final String LPOS_RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, "
            + "2 from the second ... or use negative to start from the end of the list";
    public static final String LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
    public static final String LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
    /** LMPOP/BLMPOP (and ZMPOP/BZMPOP): COUNT below 1 or not a number. */
    public static final String COUNT_GREATER_THAN_ZERO = "ERR count should be greater than 0";

    // ---- geo --------------------------------------------------------------------------------

    public static final String GEO_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
    public static final String GEO_MEMBER_NOT_FOUND = "ERR could not decode requested zset member";
    public static final String GEO_NEED_RADIUS = "ERR need numeric radius";
    public static final String GEO_NEGATIVE_RADIUS = "ERR radius cannot be negative";
    public static final String GEO_NEED_WIDTH = "ERR need numeric width";
    public static final String GEO_NEED_HEIGHT = "ERR need numeric height";
    public static final String GEO_NEGATIVE_BOX = "ERR height or width cannot be negative";
    public static final String GEO_COUNT = "ERR COUNT must be > 0";
    public static final String GEO_ANY_WITHOUT_COUNT = "ERR the ANY argument requires COUNT argument";
    public static final String GEO_STORE_WITH =
            "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
    public static final String GEO_SEARCHSTORE_WITH =
            "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options";

    /** GEOSEARCH[STORE] without a centre, naming the command as the client spelled it. */
    public static String geoNeedsCentre(String commandAsTyped) {
        return "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + commandAsTyped;
    }

    /** GEOSEARCH[STORE] without a shape, naming the command as the client spelled it. */
    public static String geoNeedsShape(String commandAsTyped) {
        return "ERR exactly one of BYRADIUS and BYBOX can be specified for " + commandAsTyped;
    }

    /** extractLongLatOrReply, both coordinates printed as C's "%f". */
    public static String geoInvalidPair(String longitude, String latitude) {
        return "ERR invalid longitude,latitude pair " + longitude + "," + latitude;
    }

    // ---- connection: AUTH, HELLO, accepting clients -----------------------------------------

    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String AUTH_NO_PASSWORD =
            "ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";
    public static final String MAX_CLIENTS = "ERR max number of clients reached";
    public static final String PROTOCOL_VERSION_NOT_INTEGER = "ERR Protocol version is not an integer or out of range";
    public static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
            + "select the RESP protocol version at the same time";

    public static String helloSyntax(String option) {
        return "ERR Syntax error in HELLO option '" + option + "'";
    }

    // ---- integer arguments (Arguments) --------------------------------------------------------

    public static final String INT_OUT_OF_RANGE =
            "ERR value is out of range, value must between -2147483648 and 2147483647";
    public static final String COUNT_POSITIVE = "ERR value is out of range, must be positive";

    /** getRangeLongFromObjectOrReply's text (sic: "must between"). */
    public static String outOfRange(long min, long max) {
        return "ERR value is out of range, value must between " + min + " and " + max;
    }

    /** A count too large to double (HRANDFIELD ... WITHVALUES). */
    public static final String VALUE_OUT_OF_RANGE = "ERR value is out of range";

    // ---- keys and databases (SET EX, EXPIRE, SCAN, SELECT, SWAPDB, OBJECT), COMMAND GETKEYS ----

    public static final String INVALID_EXPIRE_TIME_PREFIX = "ERR invalid expire time in '";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String EXPIRE_NX_AND_OTHERS =
            "ERR NX and XX, GT or LT options at the same time are not compatible";
    public static final String EXPIRE_GT_AND_LT = "ERR GT and LT options at the same time are not compatible";
    public static final String INVALID_CURSOR = "ERR invalid cursor";
    public static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
    public static final String UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
    public static final String INVALID_FIRST_DB_INDEX = "ERR invalid first DB index";
    public static final String INVALID_SECOND_DB_INDEX = "ERR invalid second DB index";
    public static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not "
            + "tracked. Please note that when switching between policies at runtime LRU and LFU data will take some "
            + "time to adjust.";
    public static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please "
            + "note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    public static final String GETKEYS_INVALID_COMMAND = "ERR Invalid command specified";
    public static final String GETKEYS_NO_KEYS = "ERR The command has no key arguments";
    public static final String GETKEYS_INVALID_ARGUMENT_COUNT = "ERR Invalid number of arguments specified for command";
    public static final String GETKEYS_INVALID_ARGUMENTS = "ERR Invalid arguments specified for command";

    // ---- CLIENT (and HELLO SETNAME) ---------------------------------------------------------

    public static final String CLIENT_NAME_INVALID =
            "ERR Client names cannot contain spaces, newlines or special characters.";
    public static final String INVALID_CLIENT_ID = "ERR Invalid client ID";
    public static final String CLIENT_ID_NOT_POSITIVE = "ERR client-id should be greater than 0";
    public static final String NO_SUCH_CLIENT = "ERR No such client";
    public static final String PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL";
    public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
    public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    public static final String TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range";

    public static String unknownClientType(String type) {
        return "ERR Unknown client type '" + type + "'";
    }

    public static String noSuchUser(String user) {
        return "ERR No such user '" + user + "'";
    }

    /** CLIENT SETINFO with an option other than LIB-NAME / LIB-VER. */
    public static String unrecognizedOption(String option) {
        return "ERR Unrecognized option '" + option + "'";
    }

    /** CLIENT SETINFO LIB-NAME / LIB-VER with a character outside '!'..'~'; the option as typed. */
    public static String libInfoInvalid(String option) {
        return "ERR " + option + " cannot contain spaces, newlines or special characters.";
    }

    // ---- CONFIG -----------------------------------------------------------------------------

    public static final String NO_CONFIG_FILE = "ERR The server is running without a config file";

    public static String configSetUnknownOption(String name) {
        return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
    }

    /** CONFIG SET refused a value; {@code reason} is the config table's text ("argument must be ..."). */
    public static String configSetFailed(String name, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    public static String configRewriteFailed(String reason) {
        return "ERR Rewriting config file: " + reason;
    }

    // ---- sorted sets ------------------------------------------------------------------------

    public static final String ZADD_XX_AND_NX = "ERR XX and NX options at the same time are not compatible";
    public static final String ZADD_GT_LT_NX = "ERR GT, LT, and/or NX options at the same time are not compatible";
    public static final String ZADD_INCR_PAIRS = "ERR INCR option supports a single increment-element pair";
    public static final String ZSET_SCORE_NAN = "ERR resulting score is not a number (NaN)";
    public static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
    public static final String MIN_MAX_NOT_LEX = "ERR min or max not valid string range item";
    public static final String ZRANGE_LIMIT_BY_RANK =
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
    public static final String ZRANGE_WITHSCORES_BYLEX = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
    public static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";

    /** zunionInterDiffGenericCommand's numkeys below 1. */
    public static String atLeastOneInputKey(String commandFullName) {
        return "ERR at least 1 input key is needed for '" + commandFullName + "' command";
    }


    // ---- SORT -------------------------------------------------------------------------------

    public static final String SORT_SCORE_NOT_DOUBLE = "ERR One or more scores can't be converted into double";

    // ---- SHUTDOWN, DEBUG --------------------------------------------------------------------

    public static final String NO_SHUTDOWN_IN_PROGRESS = "ERR No shutdown in progress.";
    /** SHUTDOWN on an engine without a server process (tests, embedding). */
    public static final String SHUTDOWN_FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";

    // ---- SLOWLOG, MONITOR -------------------------------------------------------------------

    public static final String SLOWLOG_COUNT = "ERR count should be greater than or equal to -1";
    public static final String MONITOR_IN_MULTI = "ERR MONITOR isn't allowed for DENY BLOCKING client";

    // ---- factories shared by many commands ---------------------------------------------------

    public static String wrongArity(String commandFullName) {
        return "ERR wrong number of arguments for '" + commandFullName + "' command";
    }

    public static String invalidExpireTime(String commandName) {
        return INVALID_EXPIRE_TIME_PREFIX + commandName + "' command";
    }

    /** EXPIRE's "Unsupported option %s", as bytes so a non-ASCII option comes back unchanged. */
    public static byte[] unsupportedOption(byte[] b, int off, int len) {
        byte[] prefix = "ERR Unsupported option ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int n = 0;
        while (n < len && b[off + n] != 0) n++; // printed with %s: stops at a NUL
        byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + n);
        System.arraycopy(b, off, out, prefix.length, n);
        return out;
    }

    /** PFDEBUG's "Unknown PFDEBUG subcommand '%s'", as bytes so the subcommand comes back unchanged. */
    public static byte[] unknownPfdebugSubcommand(byte[] b, int off, int len) {
        byte[] prefix = "ERR Unknown PFDEBUG subcommand '".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int n = 0;
        while (n < len && b[off + n] != 0) n++; // printed with %s: stops at a NUL
        byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + n + 1);
        System.arraycopy(b, off, out, prefix.length, n);
        out[out.length - 1] = '\'';
        return out;
    }

    /** Texts carry raw argument bytes as ISO-8859-1 chars, so the reply can restore them exactly. */
    public static String unknownCommand(String name, String quotedArgs) {
        return "ERR unknown command '" + name + "', with args beginning with: " + quotedArgs;
    }

    public static final String DEBUG_NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command "
            + "option is set to \"local\", you can run it from a local connection, otherwise you need to set this "
            + "option in the configuration file, and then restart the server.";

    /** Basalt's own: a handler failed unexpectedly (Redis would have crashed); details go to the log. */
    public static String internalError(String command) {
        return "ERR internal error while executing '" + command + "', see the server log";
    }

    public static String unknownSubcommand(String subcommand, String container) {
        return "ERR unknown subcommand '" + truncate(subcommand, 128) + "'. Try " + container + " HELP.";
    }

    /** Redis's addReplySubcommandSyntaxError(): a known subcommand used with the wrong arguments. */
    public static String subcommandSyntax(String subcommand, String container) {
        return "ERR unknown subcommand or wrong number of arguments for '" + truncate(subcommand, 128) + "'. Try "
                + container + " HELP.";
    }

    /** A RESP2 client in subscribed mode ran another command. */
    public static String subscribedContext(String command) {
        return "ERR Can't execute '" + command + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                + "are allowed in this context";
    }

    public static String subscribeDenyBlocking(String command) {
        return "ERR " + command + " isn't allowed for a DENY BLOCKING client";
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
