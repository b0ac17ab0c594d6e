/**
 * The wire: a resumable RESP/inline request decoder producing argument slices, the reply
 * writer for RESP2 and RESP3, and every error string Redis sends, in one place.
 * Depends only on {@code util}; knows nothing of commands or connections.
 */
package io.basalt.protocol;
