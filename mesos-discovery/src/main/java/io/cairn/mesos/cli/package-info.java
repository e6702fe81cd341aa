/**
 * The {@code mesos-leader} command.
 */
@NullMarked
package io.cairn.mesos.cli;

import org.jspecify.annotations.NullMarked;
