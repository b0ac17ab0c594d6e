/**
 * Lowest layer: byte and ASCII-number codecs, hashing, the open-addressing table every
 * keyed structure builds on, glob matching, time and logging.
 * Depends on nothing else in Basalt; everything else may depend on it.
 */
package io.basalt.util;
