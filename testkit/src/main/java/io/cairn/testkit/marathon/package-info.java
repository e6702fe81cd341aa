/**
 * A Marathon simulator for tests, written from Marathon's REST and event bus documents:
 * apps and tasks with deployments, scaling and kills, {@code /v2/events} as Server-Sent
 * Events, HTTP callback subscriptions, the event JSON of Marathon 1.3, 1.4 and 1.8, a
 * leader change between instances and injected faults. Start one with
 * {@link io.cairn.testkit.marathon.MarathonSimulator#start()}.
 */
@NullMarked
package io.cairn.testkit.marathon;

import org.jspecify.annotations.NullMarked;
