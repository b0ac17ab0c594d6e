package io.basalt.config;

import java.util.ArrayList;
import java.util.List;

/**
 * latency-tracking-info-percentiles: a list of percentages in [0, 100], printed as C's
 * "%f" with trailing zeros trimmed ("50 99 99.9"). The value is a {@code List<Double>}.
 */
public final class PercentileListType implements ValueType {
    @Override
    public Object parse(List<String> args) throws ConfigException {
        List<Double> out = new ArrayList<>();
        for (String a : args) {
            for (String w : a.trim().split("\\s+")) {
                if (w.isEmpty()) continue;
                double v;
                try {
                    v = Double.parseDouble(w);
                } catch (NumberFormatException e) {
                    throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
                }
                if (Double.isNaN(v)) throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
                if (v < 0.0 || v > 100.0) {
                    throw new ConfigException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                }
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public String format(Object value) {
        StringBuilder sb = new StringBuilder();
        for (Double d : (List<Double>) value) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(trimmed(d));
        }
        return sb.toString();
    }

    /** C's "%f" followed by Redis's trimDoubleString. */
    public static String trimmed(double v) {
        String s = String.format(java.util.Locale.ROOT, "%f", v);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            if (s.charAt(end - 1) == '.') end--;
            s = s.substring(0, end);
        }
        return s;
    }

    @Override
    public boolean singleArgument() {
        return false;
    }
}
