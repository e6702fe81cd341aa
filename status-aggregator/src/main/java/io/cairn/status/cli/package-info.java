/**
 * The {@code check-status} command: a Nagios-style plugin (exit 0/1/2/3) over
 * {@code /status}.
 */
@NullMarked
package io.cairn.status.cli;

import org.jspecify.annotations.NullMarked;
