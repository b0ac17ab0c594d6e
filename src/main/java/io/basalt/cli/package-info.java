/** Entry points: {@code basalt-server}, mirroring {@code redis-server}'s command line. */
package io.basalt.cli;
