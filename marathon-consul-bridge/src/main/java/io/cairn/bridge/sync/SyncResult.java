package io.cairn.bridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a full sync found and did.
 *
 * @param trigger why it ran ({@code start}, {@code periodic}, {@code stream connected},
 * {@code api}, {@code overflow}, {@code repair})
 * @param startedAt when it began
 * @param duration how long it took
 * @param outcome how it ended
 * @param apps apps Marathon listed
 * @param tasks tasks Marathon listed
 * @param desired services the tasks should have
 * @param agents agents listed
 * @param unreachableAgents agents that could not be listed
 * @param owned services found carrying the registration tag
 * @param registered services registered because they were missing
 * @param updated services registered again because they differed
 * @param deregistered services deregistered because their task no longer runs
 * @param kvChanges KV keys written or deleted
 * @param kvPurged KV folders of dead apps deleted
 * @param guardTripped whether the mass-deregistration guard refused the deregistrations
 * @param errors what went wrong (the first 20)
 * @param clashes names several apps map to, each with the app registered under it and the
 * apps left out (see {@link KnownApps})
 */
public record SyncResult(String trigger, Instant startedAt, Duration duration, SyncOutcome outcome, int apps, int tasks,
		int desired, int agents, List<String> unreachableAgents, int owned, int registered, int updated,
		int deregistered, int kvChanges, int kvPurged, boolean guardTripped, List<String> errors,
		List<KnownApps.Clash> clashes) {

}
