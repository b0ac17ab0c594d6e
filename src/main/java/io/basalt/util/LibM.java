package io.basalt.util;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library's {@code sin}, {@code cos} and {@code asin}, called through the foreign
 * function API. Redis computes geo distances with them, and neither {@link Math} nor
 * {@link StrictMath} rounds like glibc: over random inputs Math.asin differs from glibc's in
 * the last bit about 6% of the time (StrictMath.sin/cos about 3%), and GEOSEARCHSTORE
 * STOREDIST exposes every bit of a distance. Calling the platform's libm makes Basalt round
 * exactly as a Redis built on the same platform; a downcall costs about as much as Math.sin.
 * Where no C library can be linked, StrictMath stands in.
 */
public final class LibM {
    private static final MethodHandle SIN = find("sin");
    private static final MethodHandle COS = find("cos");
    private static final MethodHandle ASIN = find("asin");

    private LibM() {}

    private static MethodHandle find(String name) {
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment address = linker.defaultLookup().find(name).orElse(null);
            if (address == null) return null;
            return linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE),
                    Linker.Option.critical(false));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    public static double sin(double x) {
        if (SIN == null) return StrictMath.sin(x);
        try {
            return (double) SIN.invokeExact(x);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static double cos(double x) {
        if (COS == null) return StrictMath.cos(x);
        try {
            return (double) COS.invokeExact(x);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static double asin(double x) {
        if (ASIN == null) return StrictMath.asin(x);
        try {
            return (double) ASIN.invokeExact(x);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
