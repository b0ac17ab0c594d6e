/**
 * JMH microbenchmarks of the hot path: the request decoder, the reply writer and the
 * dispatcher, each driven in-process with no socket. They live with the tests so that every
 * build compiles them and they ship in no jar; {@code bench/jmh} runs them (with
 * {@code -prof gc} by default, since allocation per command matters as much as time).
 */
package io.basalt.bench;
