/**
 * Integration tests ({@code *IT}, run by failsafe in {@code mvn verify}): a real Basalt
 * process on 127.0.0.1 driven by Jedis, Lettuce and raw sockets, start-up and signal
 * behaviour, and the protocol fuzz.
 */
package io.basalt.it;
