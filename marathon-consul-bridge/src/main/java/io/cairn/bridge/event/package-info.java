/**
 * Marathon events: their models for Marathon 1.3, 1.4 and 1.8, the parser, and the
 * dispatcher that applies events of one task in order with bounded concurrency and a
 * capped queue.
 */
@NullMarked
package io.cairn.bridge.event;

import org.jspecify.annotations.NullMarked;
