/**
 * The local launcher behind {@code ./cairn up}: one embedded PostgreSQL, one embedded
 * ZooKeeper, and every Cairn app as a child process, stopped cleanly on Ctrl-C.
 */
@NullMarked
package io.cairn.launcher;

import org.jspecify.annotations.NullMarked;
