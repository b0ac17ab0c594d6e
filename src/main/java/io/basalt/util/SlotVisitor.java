package io.basalt.util;

/** Receives the slots one SCAN step visits. */
@FunctionalInterface
public interface SlotVisitor {
    void visit(int slot);
}
