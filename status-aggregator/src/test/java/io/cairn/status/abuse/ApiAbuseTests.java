package io.cairn.status.abuse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.status.config.StatusProperties;
import io.cairn.status.security.AddressResolver;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.TargetPolicy;
import io.cairn.status.store.CheckStore;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The review's reproductions against the API (security.md C2, H3, H5a, M6, L10, and
 * principle 3 on secrets), each as the reviewer ran it, each failing on the code before
 * its fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiAbuseTests extends AbuseTestSupport {

	@Autowired
	CheckStore store;

	@Test
	void c2HugeIntervalIsRefusedAndPollingContinues() {
		for (String interval : new String[] { "\"3000000d\"", "259200000000", "\"PT99999999999999999H\"",
				"\"106751991167301d\"", "92233720368547758070000", "\"0s\"", "-5", "\"-1s\"" }) {
			HttpResponse<String> refused = this.http.post("/checks",
					"{\"id\": \"poison\", \"url\": \"" + endpoints.url("/ok") + "\", \"interval\": " + interval + "}");
			assertThat(refused.statusCode()).as(interval).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.body()).as(interval).contains("\"field\":\"interval\"");
		}
		assertThat(
				this.http
					.post("/checks",
							"{\"id\": \"poison\", \"url\": \"" + endpoints.url("/ok")
									+ "\", \"interval\": \"3000000d\"}")
					.body())
			.contains("cairn.status.poll.max-interval");
		assertThat(this.store.find("poison")).isEmpty();
		// polling goes on, and readiness stays up
		assertThat(this.http
			.post("/checks", "{\"id\": \"after\", \"url\": \"" + endpoints.url("/ok-c2") + "\", \"interval\": \"1d\"}")
			.statusCode()).isEqualTo(201);
		awaitPolled("after");
		assertThat(this.scheduler.claimFailing()).isFalse();
		HttpResponse<String> readiness = this.http.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void c2TheDatabaseRefusesIntervalsItCannotComputeWith() {
		Timestamp now = Timestamp.from(TestBeans.CLOCK.instant());
		for (long interval : new long[] { 259_200_000_000_000L, 31_622_400_001L, 0L, -1L }) {
			assertThatExceptionOfType(DataIntegrityViolationException.class).as("%d ms", interval)
				.isThrownBy(() -> this.jdbc
					.sql("INSERT INTO status_check (id, kind, target, source, interval_ms, created_at, next_poll_at, "
							+ "status, label, message, version) VALUES ('direct', 'HTTP', 'http://10.0.0.1/', 'API', ?, ?, "
							+ "?, 'UNKNOWN', 'Unknown', 'Not polled yet', 0)")
					.params(interval, now, now)
					.update());
		}
	}

	@Test
	void c2PoisonedRowsInTheDatabaseAffectOnlyThemselves() {
		// Rows written before the bound existed, or by hand: the constraint migration V2
		// adds would refuse them today, so it is set aside for the test.
		boolean constrained = this.jdbc
			.sql("SELECT count(*) FROM pg_constraint WHERE conname = 'status_check_interval_bounded'")
			.query(Long.class)
			.single() > 0;
		this.jdbc.sql("ALTER TABLE status_check DROP CONSTRAINT IF EXISTS status_check_interval_bounded").update();
		try {
			Timestamp due = Timestamp.from(TestBeans.CLOCK.instant());
			long version = this.jdbc.sql("UPDATE status_sync SET version = version + 1 RETURNING version")
				.query(Long.class)
				.single();
			String insert = "INSERT INTO status_check (id, kind, target, source, tags, interval_ms, created_at, "
					+ "next_poll_at, status, label, message, version) "
					+ "VALUES (?, ?, ?, 'API', '{}', ?, ?, ?, 'UNKNOWN', 'Unknown', 'Not polled yet', ?)";
			// 3,000,000 days: 'timestamp out of range' in the claim statement
			this.jdbc.sql(insert)
				.params("poisoned", "HTTP", endpoints.url("/ok-poison"), 259_200_000_000_000L, due, due, version)
				.update();
			// a kind no version of the app knows
			this.jdbc.sql(insert).params("garbled", "BOGUS", "?", 1000L, due, due, version).update();

			this.http.post("/check/add", "{\"id\": \"healthy\", \"url\": \"" + endpoints.url("/ok-healthy") + "\"}");
			awaitPolled("healthy");
			// the poisoned row is polled too, on an interval the database can compute
			// with
			awaitTrue(() -> endpoints.hits("/ok-poison") > 0);
			assertThat(this.scheduler.claimFailing()).isFalse();
			awaitTrue(() -> this.live.get("poisoned") != null);
			assertThat(this.live.get("poisoned").definition().interval()).isEqualTo(Duration.ofDays(366));
			assertThat(this.live.get("garbled")).isNull();
			assertThat(this.http.get("/checks").statusCode()).isEqualTo(200);
			HttpResponse<String> readiness = this.http.get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(200);
			assertThat(readiness.body()).contains("\"status\":\"UP\"");
		}
		finally {
			this.checks.deleteAll(List.of("poisoned"));
			this.jdbc.sql("DELETE FROM status_check WHERE id IN ('poisoned', 'garbled')").update();
			if (constrained) {
				this.jdbc
					.sql("ALTER TABLE status_check ADD CONSTRAINT status_check_interval_bounded "
							+ "CHECK (interval_ms IS NULL OR interval_ms BETWEEN 1 AND 31622400000)")
					.update();
			}
		}
	}

	@Test
	void h3DocumentsAndFailureReasonsAreNotShownByDefault() {
		this.http.post("/check/add", "{\"id\": \"doc\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		Map<String, String> failing = Map.of("closed", "http://127.0.0.1:1/self", "missing", endpoints.url("/missing"),
				"html", endpoints.url("/html"), "redirected", endpoints.url("/redirect-metadata"), "trickles",
				endpoints.url("/drip"));
		failing
			.forEach((id, url) -> this.http.post("/check/add", "{\"id\": \"" + id + "\", \"url\": \"" + url + "\"}"));
		awaitPolled("doc");
		failing.keySet().forEach(this::awaitPolled);

		// the target's own document (its "version" here) stays inside
		String shown = this.http.get("/check/show/doc").body();
		assertThat(shown).startsWith("{\"status\": \"Warning\", \"date\": \"")
			.endsWith("\", \"message\": \"Houston, I think we have a problem.\"}")
			.doesNotContain("version");
		assertThat(this.http.get("/checks/doc").body()).doesNotContain("\"document\"").doesNotContain("2.0.0");
		// a closed port, an HTTP 404, an HTML page, a refused redirect and a trickle all
		// read alike: no port scanner for whoever reads /status
		failing.forEach((id, url) -> assertThat(this.live.get(id).state().message()).as(id)
			.isEqualTo("Unable to communicate with " + url + "!"));
		assertThat(this.http.get("/status").body()).doesNotContain("refused")
			.doesNotContain("timed out")
			.doesNotContain("HTTP 404")
			.doesNotContain("169.254");
	}

	@Test
	void h3LoopbackTargetsAreRefusedByDefault() throws Exception {
		StatusProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("cairn.status", Bindable.of(StatusProperties.class));
		assertThat(defaults.security().allowLoopback()).isFalse();
		assertThat(defaults.security().allowPrivate()).isTrue();
		assertThat(defaults.api().showDocuments()).isFalse();
		assertThat(defaults.api().showFailureReasons()).isFalse();
		AddressResolver localhost = (host) -> host.equals("localhost")
				? new java.net.InetAddress[] { java.net.InetAddress.getByName("127.0.0.1") }
				: AddressResolver.SYSTEM.resolve(host);
		TargetPolicy policy = new TargetPolicy(defaults.security(), localhost);
		for (String url : new String[] { "http://127.0.0.1:8500/v1/agent/self", "http://127.1.2.3:2375/info",
				"http://[::1]:8500/v1/agent/self", "http://[::ffff:127.0.0.1]/" }) {
			assertThatExceptionOfType(ForbiddenTargetException.class).as(url).isThrownBy(() -> policy.checkUrl(url));
		}
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> policy.resolve("localhost"))
			.withMessageContaining("cairn.status.security.allow-loopback");
		// the estate a health aggregator watches lives on private networks
		assertThat(policy.checkUrl("http://10.0.0.5:8080/health").getHost()).isEqualTo("10.0.0.5");
	}

	@Test
	void h5ImportBatchesAreCapped() {
		StringBuilder cache = new StringBuilder("{");
		for (int i = 0; i <= 1000; i++) {
			cache.append((i > 0) ? ", " : "")
				.append("\"c")
				.append(i)
				.append("\": \"")
				.append(endpoints.url("/victim"))
				.append("\"");
		}
		cache.append("}");
		List<Map<String, Object>> before = definitions();
		HttpResponse<String> refused = this.http.post("/checks/import", cache.toString());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("\"field\":\"body\"")
			.contains("1001")
			.contains("cairn.status.limits.max-import-checks");
		assertThat(definitions()).isEqualTo(before);
		assertThat(this.live.size()).isZero();
		assertThat(endpoints.hits("/victim")).isZero();
	}

	@Test
	void h5NumberOfChecksIsCapped() {
		for (int i = 0; i < 30; i++) {
			assertThat(this.http
				.post("/check/add", "{\"id\": \"cap-" + i + "\", \"url\": \"" + endpoints.url("/ok-cap") + "\"}")
				.statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 30; i++) {
			awaitPolled("cap-" + i);
		}
		List<Map<String, Object>> before = definitions();
		HttpResponse<String> refused = this.http.post("/check/add",
				"{\"id\": \"cap-30\", \"url\": \"" + endpoints.url("/ok-cap") + "\"}");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("cairn.status.limits.max-checks").contains("\"limit\":30");
		assertThat(this.http.post("/checks", "{\"id\": \"cap-30\", \"url\": \"" + endpoints.url("/ok-cap") + "\"}")
			.statusCode()).isEqualTo(429);
		HttpResponse<String> importing = this.http.post("/checks/import",
				"{\"cap-0\": \"" + endpoints.url("/ok-cap") + "\", \"cap-31\": \"" + endpoints.url("/ok-cap") + "\"}");
		assertThat(importing.statusCode()).isEqualTo(429);
		assertThat(definitions()).isEqualTo(before);
		// replacing a check is no new check
		assertThat(this.http.post("/checks", "{\"id\": \"cap-0\", \"url\": \"" + endpoints.url("/ok-cap") + "\"}")
			.statusCode()).isEqualTo(200);
		// room again after a delete
		assertThat(this.http.delete("/checks/cap-1").statusCode()).isEqualTo(204);
		assertThat(this.http.post("/check/add", "{\"id\": \"cap-30\", \"url\": \"" + endpoints.url("/ok-cap") + "\"}")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void m6CrossSiteWritesAreRefusedAndCurlStillWorks() {
		this.http.post("/check/add", "{\"id\": \"seed\", \"url\": \"" + endpoints.url("/ok-m6") + "\"}");
		awaitPolled("seed");
		List<Map<String, Object>> before = definitions();
		String add = "{\"id\": \"--global\", \"url\": \"pwned\"}";
		String[][] writes = { { "POST", "/check/add", add }, { "PUT", "/check/add", add },
				{ "POST", "/check/del", "{\"id\": \"seed\"}" },
				{ "POST", "/checks",
						"{\"id\": \"poison\", \"url\": \"" + endpoints.url("/ok") + "\", \"interval\": \"1d\"}" },
				{ "POST", "/checks/import", "{\"x\": \"" + endpoints.url("/ok") + "\"}" },
				{ "POST", "/checks/seed/poll", "" }, { "PUT", "/checks/seed/mute", "{\"duration\": \"1h\"}" },
				{ "DELETE", "/checks/seed", "" } };
		for (String[] write : writes) {
			// what fetch(url, {method, mode: 'no-cors', body}) sends from a page on
			// another site
			HttpResponse<String> response = this.http.send(this.http.request(write[1])
				.header("Origin", "http://evil.example")
				.header("Sec-Fetch-Site", "cross-site")
				.header("Sec-Fetch-Mode", "no-cors")
				.header("Content-Type", "text/plain;charset=UTF-8")
				.method(write[0], HttpRequest.BodyPublishers.ofString(write[2]))
				.build());
			assertThat(response.statusCode()).as(write[0] + " " + write[1]).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			// either header alone is enough
			assertThat(this.http
				.send(this.http.request(write[1])
					.header("Origin", "http://evil.example")
					.header("Content-Type", "text/plain;charset=UTF-8")
					.method(write[0], HttpRequest.BodyPublishers.ofString(write[2]))
					.build())
				.statusCode()).as("Origin only: " + write[1]).isEqualTo(403);
			assertThat(this.http
				.send(this.http.request(write[1])
					.header("Sec-Fetch-Site", "cross-site")
					.header("Content-Type", "text/plain;charset=UTF-8")
					.method(write[0], HttpRequest.BodyPublishers.ofString(write[2]))
					.build())
				.statusCode()).as("Sec-Fetch-Site only: " + write[1]).isEqualTo(403);
		}
		assertThat(definitions()).isEqualTo(before);
		assertThat(this.http.get("/status").body()).doesNotContain("pwned");
		// Megaphone's clients (curl -d: a form content type, no Origin) work as before,
		// and
		// so does the console (same origin)
		assertThat(this.http
			.send("POST", "/check/add", "application/x-www-form-urlencoded",
					"{\"id\": \"curl\", \"url\": \"" + endpoints.url("/ok-m6") + "\"}")
			.statusCode()).isEqualTo(200);
		assertThat(this.http
			.send(this.http.request("/checks/curl/poll")
				.header("Origin", "http://127.0.0.1:" + this.port)
				.header("Sec-Fetch-Site", "same-origin")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build())
			.statusCode()).isEqualTo(202);
		assertThat(this.http.post("/check/del", "{\"id\": \"curl\"}").statusCode()).isEqualTo(200);
	}

	@Test
	void l10IdsThatPathsCannotAddressAreRefused() {
		List<Map<String, Object>> before = definitions();
		for (String id : new String[] { "a;b", "a\\\\b", ".", "..", "a\\u200eb", "a\\u202eb", "a\\u00a0b", "a\\u2028b",
				"a\\ud800", "a\\udc00b", "a\\u0085b", "a\\ue000b" }) {
			String body = "{\"id\": \"" + id + "\", \"url\": \"" + endpoints.url("/ok") + "\"}";
			HttpResponse<String> megaphone = this.http.post("/check/add", body);
			assertThat(megaphone.statusCode()).as(id).isEqualTo(400);
			assertThat(megaphone.body()).as(id).contains("\"field\":\"id\"");
			assertThat(this.http.post("/checks", body).statusCode()).as(id).isEqualTo(400);
		}
		assertThat(definitions()).isEqualTo(before);
		// what ids may hold still works, path and all
		String id = "db.prod:main@eu-1+x";
		assertThat(this.http.post("/check/add", "{\"id\": \"" + id + "\", \"url\": \"" + endpoints.url("/ok") + "\"}")
			.statusCode()).isEqualTo(200);
		assertThat(this.http.get("/checks/" + id).body()).contains("\"id\":\"" + id + "\"");
		assertThat(this.http.delete("/checks/" + id).statusCode()).isEqualTo(204);
	}

	@Test
	void secretsInCheckUrlsNeverReachAnswersOrLogs(CapturedOutput output) {
		// every line a URL may appear in, the fetcher's debug lines included (set here:
		// each context that starts resets the levels)
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("io.cairn.status.poll.HttpCheckFetcher", LogLevel.DEBUG);
		try {
			leakNothing(output);
		}
		finally {
			logging.setLogLevel("io.cairn.status.poll.HttpCheckFetcher", null);
		}
	}

	private void leakNothing(CapturedOutput output) {
		String secret = "S3cr3tV4lue";
		this.http.post("/check/add", "{\"id\": \"leaky\", \"url\": \"http://127.0.0.1:1/status?token=" + secret
				+ "&access_token=" + secret + "\"}");
		this.http.post("/checks", "{\"id\": \"leaky-doc\", \"url\": {\"addr\": \"" + endpoints.url("/missing")
				+ "?api_key=" + secret + "\", \"jsonpath\": \"a/b\"}, \"tags\": [\"leak\"]}");
		this.http.post("/check/add", "{\"id\": \"leaky-meta\", \"url\": \"" + endpoints.url("/redirect-metadata")
				+ "?password=" + secret + "\"}");
		HttpResponse<String> refusedAdd = this.http.post("/check/add",
				"{\"id\": \"leaky-ftp\", \"url\": \"ftp://127.0.0.1/?secret=" + secret + "\"}");
		assertThat(refusedAdd.statusCode()).isEqualTo(400);
		awaitPolled("leaky");
		awaitPolled("leaky-doc");
		awaitPolled("leaky-meta");
		this.flusher.flush();
		StringBuilder answers = new StringBuilder(refusedAdd.body());
		for (String path : new String[] { "/status", "/", "/check/list", "/check/show/leaky", "/check/show/leaky-doc",
				"/checks", "/checks/leaky", "/checks/leaky-doc", "/checks/leaky-meta", "/checks/leaky/history",
				"/checks/history?tag=leak", "/actuator/prometheus", "/actuator/health" }) {
			HttpResponse<String> response = this.http.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			answers.append(response.body());
		}
		assertThat(answers.toString()).contains("token=***").contains("api_key=***").doesNotContain(secret);
		assertThat(this.live.get("leaky").state().message())
			.isEqualTo("Unable to communicate with http://127.0.0.1:1/status?token=***&access_token=***!");
		// the fetcher's debug lines name the URL too
		assertThat(output.getAll()).contains("leaky").doesNotContain(secret);
	}

}
