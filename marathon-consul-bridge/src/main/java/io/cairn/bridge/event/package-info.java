/**
 * Intake, the first step of the flow (intake → decide in {@code sync} → apply in
 * {@code consul}): Marathon's event stream (reconnection and resync) and the HTTP
 * callback with its subscription, the event models for Marathon 1.3, 1.4 and 1.8, the
 * parser, and the dispatcher that hands events of one task in order, with bounded
 * concurrency and a capped queue, to an {@link io.cairn.bridge.event.EventHandler}.
 */
@NullMarked
package io.cairn.bridge.event;

import org.jspecify.annotations.NullMarked;
