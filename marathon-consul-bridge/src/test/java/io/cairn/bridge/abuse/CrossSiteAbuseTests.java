package io.cairn.bridge.abuse;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.bridge.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding M6 (bridge part): the callback took a body of any content type, so a web
 * page could post a forged event with a simple {@code text/plain} or form request, which
 * a browser sends cross-site without asking; and a page could force a sync past the
 * mass-deregistration guard ({@code POST /v1/sync?force=true}, bodiless) through an
 * operator's browser. A token is set here, and the cross-site requests carry it: the
 * refusal does not depend on it.
 */
class CrossSiteAbuseTests {

	private static final String TOKEN = "m6-token";

	private static AbuseWorld world;

	@BeforeAll
	static void start() {
		world = AbuseWorld.start(Map.of("cairn.bridge.events.callback.enabled", "true", "cairn.security.token", TOKEN));
	}

	@AfterAll
	static void stop() {
		world.close();
	}

	@Test
	void m6TheCallbackTakesNoBodyABrowserCouldSendWithoutAsking() throws Exception {
		String app = AbuseWorld.app("csrf");
		world.marathon.createApp("{\"id\":\"" + app + "\"}");
		Await.until("registered", () -> world.registeredExactly(app));
		String forged = "{\"eventType\":\"app_terminated_event\",\"appId\":\"" + app + "\",\"timestamp\":\"x\"}";
		for (String type : new String[] { "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=x" }) {
			assertThat(world.post("/events?token=" + TOKEN, type, forged).statusCode()).as(type).isEqualTo(415);
		}
		assertThat(world.post("/events?token=" + TOKEN, null, forged).statusCode()).isEqualTo(415);
		assertThat(world.applied("app_terminated_event", app)).isFalse();
		assertThat(world.registeredExactly(app)).isTrue();
	}

	@Test
	void m6ACrossSiteSyncOrEventIsRefusedAndCannotForcePastTheGuard() throws Exception {
		String app = AbuseWorld.app("guarded");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));
		String forged = "{\"eventType\":\"app_terminated_event\",\"appId\":\"" + app + "\"}";
		String[][] browsers = { { "Origin", "https://evil.example" }, { "Sec-Fetch-Site", "cross-site" },
				{ "Origin", "null" } };
		// Marathon answers an empty list: only a forced sync would deregister.
		world.marathon.faults().emptyApps(true);
		try {
			for (String[] browser : browsers) {
				assertThat(world
					.post("/v1/sync?force=true", null, "", "Authorization", "Bearer " + TOKEN, browser[0], browser[1])
					.statusCode()).as(browser[0] + ": " + browser[1]).isEqualTo(403);
				assertThat(world.post("/events?token=" + TOKEN, "application/json", forged, browser[0], browser[1])
					.statusCode()).as(browser[0] + ": " + browser[1]).isEqualTo(403);
			}
			assertThat(world.registeredExactly(app)).isTrue();
			assertThat(world.applied("app_terminated_event", app)).isFalse();

			// curl and Marathon send no Origin: they work as before, and the guard holds.
			var sync = world.post("/v1/sync", null, "", "Authorization", "Bearer " + TOKEN);
			assertThat(sync.statusCode()).isEqualTo(200);
			assertThat(sync.body()).contains("\"guardTripped\":true");
			assertThat(world.registeredExactly(app)).isTrue();
			// The console's own page (same origin) may sync.
			assertThat(world
				.post("/v1/sync", null, "", "Authorization", "Bearer " + TOKEN, "Origin",
						"http://127.0.0.1:" + world.bridge.port(), "Sec-Fetch-Site", "same-origin")
				.statusCode()).isEqualTo(200);
		}
		finally {
			world.marathon.faults().emptyApps(false);
		}
		assertThat(world.post("/events?token=" + TOKEN, "application/json", forged).statusCode()).isBetween(200, 299);
		world.awaitApplied("app_terminated_event", app, "");
		assertThat(world.registeredExactly(app)).isTrue();
	}

}
