/** One file per command family; each binds its handlers in one block at the top. */
package io.basalt.command.family;
