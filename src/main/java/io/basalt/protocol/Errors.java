package io.basalt.protocol;

/**
 * Every error text Basalt sends, exactly as Redis 7.0 sends it (without the leading '-').
 * Handlers reference these constants; a message built from arguments gets a factory here.
 */
public final class Errors {
    private Errors() {}

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String SYNTAX = "ERR syntax error";
    public static final String SAME_OBJECT = "ERR source and destination objects are the same";
    public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";
    public static final String MASTERDOWN =
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    public static final String READONLY = "READONLY You can't write against a read only replica.";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    public static final String BUSYKEY = "BUSYKEY Target key name already exists.";

    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String INCR_OVERFLOW = "ERR increment or decrement would overflow";
    public static final String INCR_NAN_OR_INF = "ERR increment would produce NaN or Infinity";
    public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
    public static final String BIT_VALUE = "ERR bit is not an integer or out of range";
    public static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
    public static final String INVALID_EXPIRE_TIME_PREFIX = "ERR invalid expire time in '";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String INVALID_DB_INDEX = "ERR invalid DB index";
    /** getRangeLongFromObjectOrReply's message for a valid integer outside [min, max]. */
    public static String outOfRange(long min, long max) {
        return "ERR value is out of range, value must between " + min + " and " + max;
    }

    public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String AUTH_NO_PASSWORD =
            "ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";
    public static final String MAX_CLIENTS = "ERR max number of clients reached";
    public static final String COUNT_POSITIVE = "ERR value is out of range, must be positive";

    public static String wrongArity(String commandFullName) {
        return "ERR wrong number of arguments for '" + commandFullName + "' command";
    }

    public static String invalidExpireTime(String commandName) {
        return INVALID_EXPIRE_TIME_PREFIX + commandName + "' command";
    }

    public static String unknownSubcommand(String subcommand, String container) {
        return "ERR unknown subcommand '" + truncate(subcommand, 128) + "'. Try " + container + " HELP.";
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
