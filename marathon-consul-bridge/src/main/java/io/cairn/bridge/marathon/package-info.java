/**
 * Marathon: the REST client (apps, tasks, leader, event subscriptions), the event stream
 * reader with reconnection and resync, and the legacy HTTP callback intake.
 */
@NullMarked
package io.cairn.bridge.marathon;

import org.jspecify.annotations.NullMarked;
