package io.cairn.bridge.sync;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a sync's result says of its errors: what stopped it first, then the first others,
 * at most 20, each masked.
 */
class SyncTallyTests {

	@Test
	void theResultKeepsWhatStoppedTheSyncFirstAndTwentyErrorsMasked() {
		SyncTally tally = new SyncTally();
		for (int i = 1; i <= 25; i++) {
			tally.error("agent " + i + " said token=s3cret");
		}
		tally.firstError("interrupted");

		SyncResult result = tally.result("api", Instant.EPOCH, Duration.ZERO, SyncOutcome.FAILED,
				(text) -> text.replace("s3cret", "***"));

		assertThat(result.errors()).hasSize(20)
			.startsWith("interrupted", "agent 1 said token=***")
			.endsWith("agent 19 said token=***")
			.noneMatch((error) -> error.contains("s3cret"));
	}

}
