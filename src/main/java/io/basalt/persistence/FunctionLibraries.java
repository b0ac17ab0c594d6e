package io.basalt.persistence;

import java.util.List;

/**
 * The function libraries as persistence sees them (implemented by scripting, which sits
 * above): each library is saved as its whole code, an RDB FUNCTION2 record or a FUNCTION
 * LOAD in an AOF base, and loaded back by creating it again.
 */
public interface FunctionLibraries {
    /** Every library's code, in a stable order. */
    List<byte[]> codes();

    /**
     * Creates the libraries in {@code codes}: they replace all current ones ({@code flush}) or
     * join them ({@code replace}: a library of the same name is swapped, else a clash refuses
     * all). Nothing changes on failure; returns the reason, or null.
     */
    String load(List<byte[]> codes, boolean flush, boolean replace);
}
