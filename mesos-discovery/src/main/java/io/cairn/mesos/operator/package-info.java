/**
 * A client of the Mesos master's operator API ({@code POST /api/v1}), following the
 * leading master.
 */
@NullMarked
package io.cairn.mesos.operator;

import org.jspecify.annotations.NullMarked;
