/**
 * Marathon as the bridge reads it: the REST client (apps, tasks, leader, event
 * subscriptions), the leader locator, the app and task models, and what may be taken from
 * Marathon's answers and events (IDs, task IDs, host names).
 */
@NullMarked
package io.cairn.bridge.marathon;

import org.jspecify.annotations.NullMarked;
