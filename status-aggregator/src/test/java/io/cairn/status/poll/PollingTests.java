package io.cairn.status.poll;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.service.NewCheck;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of answer a check endpoint can give, polled for real over HTTP.
 */
class PollingTests extends AppTestSupport {

	@Test
	void everyKindOfAnswer() {
		Map<String, String> paths = new LinkedHashMap<>();
		for (String path : new String[] { "/ok", "/warning", "/critical", "/lowercase", "/odd", "/nomsg", "/nostatus",
				"/numberstatus", "/array", "/html", "/500", "/503json", "/unicode", "/slow", "/huge", "/huge-declared",
				"/loop", "/redirect-ok", "/redirect-metadata", "/redirect-file", "/redirect-denied", "/drip",
				"/actuator-up", "/actuator-down" }) {
			String id = "k" + path.replace('/', '-');
			paths.put(id, path);
			this.checks.register(NewCheck.of(id, endpoints.url(path)), CheckSource.API);
		}
		this.checks.register(new NewCheck("k-nested", endpoints.url("/nested"), "a/b/status", null, null, null),
				CheckSource.API);
		this.checks.register(new NewCheck("k-override", endpoints.url("/critical"), null, "OK", null, null),
				CheckSource.API);
		this.checks.register(NewCheck.of("k-good-name", "http://good.test:" + endpoints.port() + "/ok"),
				CheckSource.API);
		this.checks.register(NewCheck.of("k-evil-name", "http://evil.test/latest/meta-data/"), CheckSource.API);
		paths.keySet().forEach(this::awaitPolled);
		for (String id : new String[] { "k-nested", "k-override", "k-good-name", "k-evil-name" }) {
			awaitPolled(id);
		}

		expect("k-ok", CheckStatus.OK, "OK", "Everything is groovy");
		expect("k-warning", CheckStatus.WARNING, "Warning", "Houston, I think we have a problem.");
		expect("k-critical", CheckStatus.CRITICAL, "Critical", "The database is down");
		expect("k-lowercase", CheckStatus.CRITICAL, "Critical", "lower");
		expect("k-odd", CheckStatus.UNKNOWN, "Degraded", "odd value");
		expect("k-nomsg", CheckStatus.CRITICAL, "Critical", "Detected Critical state [no message specified]");
		// configured aliases (Spring Boot's actuator statuses here)
		expect("k-actuator-up", CheckStatus.OK, "OK", "Detected OK state [no message specified]");
		expect("k-actuator-down", CheckStatus.CRITICAL, "Critical", "Detected Critical state [no message specified]");
		expect("k-nostatus", CheckStatus.UNKNOWN, "Unknown", "The answer has no status field");
		expect("k-numberstatus", CheckStatus.UNKNOWN, "2", "numeric");
		expect("k-array", CheckStatus.CRITICAL, "Critical",
				"Unable to communicate with " + endpoints.url("/array") + "! (the answer is not a JSON object)");
		expect("k-html", CheckStatus.CRITICAL, "Critical",
				"Unable to communicate with " + endpoints.url("/html") + "! (the answer is not a JSON object)");
		expect("k-500", CheckStatus.CRITICAL, "Critical",
				"Unable to communicate with " + endpoints.url("/500") + "! (HTTP 500)");
		expect("k-503json", CheckStatus.CRITICAL, "Critical", "shedding load");
		expect("k-unicode", CheckStatus.WARNING, "Warning", "café \"quoted\" | piped");
		expect("k-slow", CheckStatus.OK, "OK", "slow but fine");
		expect("k-huge", CheckStatus.CRITICAL, "Critical",
				"Unable to communicate with " + endpoints.url("/huge") + "! (the answer is larger than 16384 bytes)");
		expect("k-huge-declared", CheckStatus.CRITICAL, "Critical", "Unable to communicate with "
				+ endpoints.url("/huge-declared") + "! (the answer is larger than 16384 bytes)");
		expect("k-loop", CheckStatus.CRITICAL, "Critical",
				"Unable to communicate with " + endpoints.url("/loop") + "! (more than 3 redirects)");
		expect("k-redirect-ok", CheckStatus.OK, "OK", "Everything is groovy");
		expect("k-redirect-metadata", CheckStatus.CRITICAL, "Critical", "Refused to check "
				+ endpoints.url("/redirect-metadata")
				+ ": 169.254.169.254 is a link-local, metadata, multicast or unspecified address; checks may not reach it");
		expect("k-redirect-file", CheckStatus.CRITICAL, "Critical",
				"Refused to check " + endpoints.url("/redirect-file")
						+ ": only http and https URLs can be checked, not 'file:///etc/passwd'");
		expect("k-redirect-denied", CheckStatus.CRITICAL, "Critical", "Refused to check "
				+ endpoints.url("/redirect-denied") + ": 127.0.0.2 is denied (cairn.status.security.deny)");
		expect("k-drip", CheckStatus.CRITICAL, "Critical",
				"Unable to communicate with " + endpoints.url("/drip") + "! (no answer within 2s)");
		expect("k-nested", CheckStatus.WARNING, "Warning", "deep");
		expect("k-override", CheckStatus.OK, "OK", "NOTICE: statusoverride used!");
		expect("k-good-name", CheckStatus.OK, "OK", "Everything is groovy");
		expect("k-evil-name", CheckStatus.CRITICAL, "Critical", "Refused to check http://evil.test/latest/meta-data/: "
				+ "evil.test (169.254.169.254) is a link-local, metadata, multicast or unspecified address; checks may not reach it");

		// A redirect loop is followed three times, then given up.
		assertThat(endpoints.hits("/loop")).isEqualTo(4);
		assertThat(this.live.get("k-unicode").state().document()).isEqualTo(
				"{\"status\": \"Warning\", \"message\": \"caf\\u00e9 \\\"quoted\\\" | piped\", \"n\": 1.5, \"ok\": true, \"x\": null}");
		assertThat(this.live.get("k-html").state().document()).isNull();
		// The drip timed out: it is polled in the slow lane from now on.
		assertThat(this.scheduler.slowChecks()).contains("k-drip");
	}

	@Test
	void aHangingCheckNeverDelaysAnyRequest() {
		// The app's first request initialises the web layer, which on a busy machine can
		// take longer than the hanging poll's read timeout: make it before the hang.
		assertThat(this.http.get("/status").statusCode()).isEqualTo(200);
		this.checks.register(NewCheck.of("fine", endpoints.url("/ok")), CheckSource.API);
		awaitPolled("fine");
		int before = endpoints.hits("/hang");
		this.checks.register(NewCheck.of("hangs", endpoints.url("/hang")), CheckSource.API);
		awaitTrue(() -> endpoints.hits("/hang") > before);
		// The poll of "hangs" is in flight and its endpoint will not answer for a minute:
		// every route still answers from the last results.
		HttpResponse<String> status = this.http.get("/status");
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).contains("hangs:Unknown:Not polled yet");
		assertThat(this.http.get("/check/list").body()).contains("\"hangs\"");
		CheckState hung = awaitPolled("hangs").state();
		assertThat(hung.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(hung.message())
			.isEqualTo("Unable to communicate with " + endpoints.url("/hang") + "! (read timed out)");
		assertThat(this.scheduler.slowChecks()).contains("hangs");
	}

	@Test
	void aStuckPollerNeverShowsGreen() {
		this.checks.register(NewCheck.of("green", endpoints.url("/ok")), CheckSource.API);
		awaitPolled("green");
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.OK);
		this.scheduler.stop();
		try {
			// Three intervals (30 s each) with no poll result.
			TestBeans.CLOCK.advance(Duration.ofSeconds(91));
			awaitTrue(() -> this.live.snapshot().status() == CheckStatus.UNKNOWN);
			assertThat(this.http.get("/status").body()).contains("\"status\": \"Unknown\"")
				.contains("green:Unknown:Stale: no poll result since 20");
			assertThat(this.live.snapshot().stale()).isEqualTo(1);
		}
		finally {
			this.scheduler.start();
		}
		awaitTrue(() -> this.live.snapshot().status() == CheckStatus.OK);
	}

	@Test
	void checksArePolledOnTheirInterval() {
		// A first poll made while the app is still cold (class loading, under a coverage
		// agent too) can outlast the 2 s timeout on a busy machine, and a failed poll is
		// not what this test counts: warm the poller up until a poll gets through.
		this.checks.register(NewCheck.of("warm-up", endpoints.url("/ok-warm-up")), CheckSource.API);
		awaitTrue(() -> {
			CheckState warm = this.live.get("warm-up").state();
			if (warm.polledAt() != null && warm.status() != CheckStatus.OK) {
				this.checks.pollNow("warm-up");
			}
			return warm.status() == CheckStatus.OK;
		});
		this.checks.register(
				new NewCheck("every-minute", endpoints.url("/ok-interval"), null, null, null, Duration.ofMinutes(1)),
				CheckSource.API);
		awaitPolled("every-minute");
		assertThat(endpoints.hits("/ok-interval")).isEqualTo(1);
		TestBeans.CLOCK.advance(Duration.ofSeconds(61));
		this.scheduler.wake();
		awaitTrue(() -> TestBeans.CLOCK.instant().equals(this.live.get("every-minute").state().polledAt()));
		assertThat(endpoints.hits("/ok-interval")).isEqualTo(2);
	}

	private void expect(String id, CheckStatus status, String label, String message) {
		CheckState state = this.live.get(id).state();
		assertThat(state.status()).as(id).isEqualTo(status);
		assertThat(state.label()).as(id).isEqualTo(label);
		assertThat(state.message()).as(id).isEqualTo(message);
	}

}
