/**
 * Lua scripting as Redis 7.0 has it: EVAL and its relatives, SCRIPT, functions (FUNCTION,
 * FCALL, FCALL_RO) in an interpreter of their own, the sandboxed PUC Lua
 * 5.1 interpreter (luajava over JNI) with the {@code redis} API and Redis's type conversions,
 * and the script thread that makes BUSY and SCRIPT KILL possible (docs/ARCHITECTURE.md,
 * "Scripting"). Sits above {@code command}: scripts call commands through the dispatcher.
 */
package io.basalt.scripting;
