package io.cairn.bridge.status;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console and {@code /v1/status} show is bounded and never holds a secret, even
 * a secret cut in half by the bound.
 */
class ActivityTests {

	@Test
	void entriesAreCutAndMasked() {
		String secret = "s3cretTokenValue";
		Activity activity = new Activity(Clock.systemUTC(), new Secrets(List.of(secret)));
		String message = "x".repeat(Activity.MAX_TEXT - 5) + secret + " and http://u:pw@host/p?token=abc";
		activity.error("callback", message);
		activity.event("t".repeat(5000), "/" + "a".repeat(5000), secret, message);
		Activity.ErrorEntry error = activity.recentErrors().get(0);
		assertThat(error.message()).doesNotContain("s3cret", "pw@", "abc")
			.hasSizeLessThanOrEqualTo(Activity.MAX_TEXT + 3);
		Activity.EventEntry event = activity.recentEvents().get(0);
		assertThat(event.type()).hasSizeLessThanOrEqualTo(Activity.MAX_ID + 3);
		assertThat(event.appId()).hasSizeLessThanOrEqualTo(Activity.MAX_ID + 3);
		assertThat(event.subject()).isEqualTo("***");
		assertThat(event.outcome()).doesNotContain("s3cret");
	}

	@Test
	void atMostAHundredOfEach() {
		Activity activity = new Activity(Clock.systemUTC());
		for (int i = 0; i < 250; i++) {
			activity.error("event", "e" + i);
			activity.event("status_update_event", "/a", "a." + i, "done");
		}
		assertThat(activity.recentErrors()).hasSize(100);
		assertThat(activity.recentEvents()).hasSize(100);
		assertThat(activity.recentErrors().get(0).message()).isEqualTo("e249");
	}

}
