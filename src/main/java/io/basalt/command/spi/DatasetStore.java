package io.basalt.command.spi;

/** What DEBUG RELOAD and FLUSHALL ask of the persistence layer. */
public interface DatasetStore {
    /**
     * Saves (unless {@code save} is false) and loads the dump back, replacing the dataset
     * ({@code flush}) or adding to it, where {@code merge} lets loaded keys replace existing
     * ones. Returns an error text, or null on success.
     */
    String reload(boolean save, boolean flush, boolean merge);

    /** rdbSavedObjectLen: the bytes the value takes in an RDB (DEBUG OBJECT's serializedlength). */
    long serializedLength(Object value);

    /**
     * FLUSHALL emptied every database (flushAllDataAndResetRDB): a running BGSAVE stops and,
     * when save points are set, the empty dataset is saved, so a restart does not bring the
     * keys back.
     */
    void flushedAll();
}
