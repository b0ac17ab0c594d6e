package io.basalt.command.spi;

/** What DEBUG RELOAD asks of the persistence layer. */
public interface DatasetStore {
    /**
     * Saves (unless {@code save} is false) and loads the dump back, replacing the dataset
     * ({@code flush}) or adding to it, where {@code merge} lets loaded keys replace existing
     * ones. Returns an error text, or null on success.
     */
    String reload(boolean save, boolean flush, boolean merge);

    /** rdbSavedObjectLen: the bytes the value takes in an RDB (DEBUG OBJECT's serializedlength). */
    long serializedLength(Object value);

    /** After FLUSHALL: stop a background save and, with save points set, save the empty dataset. */
    void flushedAll();
}
