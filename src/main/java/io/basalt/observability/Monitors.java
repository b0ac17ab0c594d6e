package io.basalt.observability;

import io.basalt.command.Client;
import io.basalt.command.CommandSpec;
import io.basalt.config.Directive;
import io.basalt.config.Directives;
import io.basalt.protocol.Args;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The MONITOR feed and the argument vector that MONITOR and SLOWLOG show: secrets are
 * replaced by "(redacted)" where Redis's commands redact them (AUTH, HELLO ... AUTH,
 * CONFIG SET of a sensitive directive).
 */
final class Monitors {
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUTH = "AUTH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SETNAME = "SETNAME".getBytes(StandardCharsets.US_ASCII);

    private Monitors() {}

    /** The command's arguments as logged, copied. */
    static byte[][] loggedArgs(Client c, CommandSpec spec) {
        Args a = c.args();
        byte[][] argv = a.copyAll();
        switch (spec.fullName()) {
            case "auth" -> {
                if (argv.length <= 3) for (int j = 1; j < argv.length; j++) argv[j] = REDACTED;
            }
            case "hello" -> {
                // HELLO redacts while it parses its options: not at all when the protocol
                // version is refused, and only up to the first bad option.
                if (argv.length >= 2) {
                    String v = a.string(1);
                    if (!v.equals("2") && !v.equals("3")) break;
                }
                for (int j = 2; j < argv.length; j++) {
                    int more = argv.length - 1 - j;
                    if (a.is(j, AUTH) && more >= 2) {
                        argv[j + 1] = REDACTED;
                        argv[j + 2] = REDACTED;
                        j += 2;
                    } else if (a.is(j, SETNAME) && more >= 1) {
                        j++;
                    } else {
                        break;
                    }
                }
            }
            case "config|set" -> {
                for (int j = 2; j + 1 < argv.length; j += 2) {
                    Directive d = Directives.lookup(a.string(j));
                    if (d != null && d.is(Directive.SENSITIVE)) argv[j + 1] = REDACTED;
                }
            }
            default -> { }
        }
        return argv;
    }

    /** Sends {@code +<sec>.<usec> [<db> <addr>] "arg" ...} to every monitor. */
    static void feed(List<Client> monitors, Client c, byte[][] argv, long unixMicros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        String head = "+" + unixMicros / 1_000_000 + "." + pad6(unixMicros % 1_000_000)
                + " [" + c.db().id() + " " + c.connection().address() + "] ";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (int j = 0; j < argv.length; j++) {
            repr(out, argv[j]);
            if (j != argv.length - 1) out.write(' ');
        }
        out.write('\r');
        out.write('\n');
        byte[] line = out.toByteArray();
        for (int i = 0; i < monitors.size(); i++) {
            Client m = monitors.get(i);
            m.reply().raw(line);
            m.connection().flushLater();
        }
    }

    private static String pad6(long v) {
        String s = Long.toString(v);
        return "000000".substring(s.length()) + s;
    }

    /** Redis's sdscatrepr: a double-quoted string with C escapes. */
    static void repr(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (byte x : s) {
            int ch = x & 0xff;
            switch (ch) {
                case '\\', '"' -> {
                    out.write('\\');
                    out.write(ch);
                }
                case '\n' -> out.writeBytes(new byte[]{'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[]{'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[]{'\\', 't'});
                case 7 -> out.writeBytes(new byte[]{'\\', 'a'});
                case '\b' -> out.writeBytes(new byte[]{'\\', 'b'});
                default -> {
                    if (ch >= 0x20 && ch < 0x7f) {
                        out.write(ch);
                    } else {
                        out.writeBytes(String.format("\\x%02x", ch).getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
        }
        out.write('"');
    }
}
