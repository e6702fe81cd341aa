/**
 * A client of the Mesos scheduler API ({@code POST /api/v1/scheduler}) for framework
 * authors, following the leading master.
 */
@NullMarked
package io.cairn.mesos.scheduler;

import org.jspecify.annotations.NullMarked;
