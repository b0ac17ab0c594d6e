/**
 * Networking on Netty: the listener (epoll where available, NIO otherwise) and one
 * {@link ClientConnection} per socket, which decodes requests, runs them through the
 * dispatcher under the execution lock and flushes replies once per read batch.
 */
package io.basalt.net;
