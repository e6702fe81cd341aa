package io.cairn.status.api;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.AppTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Megaphone's routes, answered byte for byte as Megaphone answered them (the session in
 * its README and the observed answers of its 2013 code), with its defects fixed.
 */
class MegaphoneApiTests extends AppTestSupport {

	@Test
	void noChecks() {
		HttpResponse<String> response = this.http.get("/status");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo(
				"{\"status\": \"Unknown\", \"message\": \"No checks are registered!\", \"date\": \"" + date() + "\"}");
		assertThat(this.http.get("/check/list").body()).isEqualTo("{}");
	}

	@Test
	void megaphoneSession() {
		// README says PUT, the code took POST, and curl -d sends a form content type.
		HttpResponse<String> added = this.http.send("PUT", "/check/add", "application/json",
				"{\"id\": \"bar\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		assertThat(added.statusCode()).isEqualTo(200);
		assertThat(added.body()).isEmpty();
		assertThat(this.http
			.send("POST", "/check/add", "application/x-www-form-urlencoded",
					"{\"id\": \"baz\", \"url\": \"" + endpoints.url("/ok?a=1&b=2") + "\"}")
			.statusCode()).isEqualTo(200);
		assertThat(this.http.get("/check/list").body()).isEqualTo(
				"{\"bar\": \"" + endpoints.url("/ok") + "\", \"baz\": \"" + endpoints.url("/ok?a=1&b=2") + "\"}");
		awaitPolled("bar");
		awaitPolled("baz");
		assertThat(this.http.get("/status").body())
			.isEqualTo("{\"status\": \"OK\", \"message\": \"Everything is OK!\", \"date\": \"" + date() + "\"}");

		this.http.post("/check/add", "{\"id\": \"foo\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		awaitPolled("foo");
		assertThat(this.http.get("/status").body()).isEqualTo("{\"status\": \"Warning\", \"message\": "
				+ "\"foo:Warning:Houston, I think we have a problem.\", \"date\": \"" + date() + "\"}");
		assertThat(this.http.get("/check/show/foo").body()).isEqualTo(
				"{\"status\": \"Warning\", \"message\": \"Houston, I think we have a problem.\", \"version\": \"2.0.0\"}");
		assertThat(this.http.get("/check/show/bar").body())
			.isEqualTo("{\"status\": \"OK\", \"message\": \"Everything is groovy\"}");

		HttpResponse<String> deleted = this.http.post("/check/del", "{\"id\": \"foo\"}");
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(deleted.body()).isEmpty();
		assertThat(this.http.get("/status").body())
			.isEqualTo("{\"status\": \"OK\", \"message\": \"Everything is OK!\", \"date\": \"" + date() + "\"}");
	}

	@Test
	void unreachableAndOddChecksInMessageOrder() {
		this.http.post("/check/add", "{\"id\": \"svc-down\", \"url\": \"http://127.0.0.1:1/status\"}");
		this.http.post("/check/add", "{\"id\": \"odd-bogus\", \"url\": \"" + endpoints.url("/odd") + "\"}");
		this.http.post("/check/add", "{\"id\": \"odd-nomsg\", \"url\": \"" + endpoints.url("/nomsg") + "\"}");
		this.http.post("/check/add", "{\"id\": \"fine\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		for (String id : new String[] { "svc-down", "odd-bogus", "odd-nomsg", "fine" }) {
			awaitPolled(id);
		}
		assertThat(this.http.get("/status").body()).isEqualTo("{\"status\": \"Critical\", \"message\": "
				+ "\"svc-down:Critical:Unable to communicate with http://127.0.0.1:1/status! (connection refused)|"
				+ "odd-bogus:Degraded:odd value|odd-nomsg:Critical:Detected Critical state [no message specified]\", "
				+ "\"date\": \"" + date() + "\"}");
		assertThat(this.http.get("/check/show/svc-down").body()).isEqualTo("{\"status\": \"Critical\", \"date\": \""
				+ date()
				+ "\", \"message\": \"Unable to communicate with http://127.0.0.1:1/status! (connection refused)\"}");
		assertThat(this.http.get("/status?critical=503").statusCode()).isEqualTo(503);
		assertThat(this.http.get("/status").statusCode()).isEqualTo(200);
	}

	@Test
	void globalOverride() {
		this.http.post("/check/add", "{\"id\": \"fine\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		this.http.post("/check/add", "{\"id\": \"--global\", \"url\": \"Maintenance: do not page\"}");
		assertThat(this.http.get("/status").body()).isEqualTo(
				"{\"status\": \"Critical\", \"message\": \"Maintenance: do not page\", \"date\": \"" + date() + "\"}");
		this.http.post("/check/del", "{\"id\": \"--global\"}");
		awaitPolled("fine");
		assertThat(this.http.get("/status").body()).contains("\"status\": \"OK\"");
	}

	@Test
	void defectsAreFourHundreds() {
		assertProblem(this.http.post("/check/add", "{\"id\": \"x\", \"url\": "), 400, "body");
		assertProblem(this.http.post("/check/add", ""), 400, "body");
		assertProblem(this.http.post("/check/add", "[1]"), 400, "body");
		assertProblem(this.http.post("/check/add", "{\"url\": \"http://127.0.0.1/\"}"), 400, "id");
		assertProblem(this.http.post("/check/add", "{\"id\": \"x\"}"), 400, "url");
		assertProblem(this.http.post("/check/add", "{\"id\": \"x\", \"url\": 5}"), 400, "url");
		assertProblem(this.http.post("/check/add", "{\"id\": \"a b\", \"url\": \"http://127.0.0.1/\"}"), 400, "id");
		assertProblem(this.http.post("/check/add", "{\"id\": \"x\", \"url\": \"file:///etc/passwd\"}"), 400, "url");
		assertProblem(this.http.get("/check/show/nope"), 404, null);
		assertProblem(this.http.post("/check/del", "{\"id\": \"nope\"}"), 404, null);
		assertProblem(this.http.get("/status?critical=42"), 200, null);
		// Megaphone parsed only the first line: pretty-printed JSON works here.
		assertThat(this.http
			.post("/check/add", "{\n  \"id\": \"pretty\",\n  \"url\": \"" + endpoints.url("/ok") + "\"\n}\n")
			.statusCode()).isEqualTo(200);
		assertThat(this.live.get("pretty")).isNotNull();
	}

	@Test
	void rootNegotiates() {
		HttpResponse<String> api = this.http.get("/", "*/*");
		assertThat(api.body()).startsWith("{\"status\": \"Unknown\", \"message\": \"No checks are registered!\"");
		HttpResponse<String> browser = this.http.get("/",
				"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
		assertThat(browser.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(browser.body()).contains("<title>Cairn status-aggregator</title>");
		// a cache in front keys both answers on Accept
		assertThat(api.headers().allValues("Vary")).anySatisfy((vary) -> assertThat(vary).contains("Accept"));
		assertThat(browser.headers().allValues("Vary")).anySatisfy((vary) -> assertThat(vary).contains("Accept"));
	}

	@Test
	void aggregateStatusFollowsPrecedence() {
		this.http.post("/check/add", "{\"id\": \"u\", \"url\": \"" + endpoints.url("/nostatus") + "\"}");
		awaitPolled("u");
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.UNKNOWN);
		this.http.post("/check/add", "{\"id\": \"w\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		awaitPolled("w");
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.WARNING);
		this.http.post("/check/add", "{\"id\": \"c\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		awaitPolled("c");
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.CRITICAL);
	}

	private void assertProblem(HttpResponse<String> response, int status, String field) {
		if (status == 200) {
			// an invalid ?critical only matters when the aggregate is Critical
			assertThat(response.statusCode()).isEqualTo(200);
			return;
		}
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":" + status);
		if (field != null) {
			assertThat(response.body()).contains("\"field\":\"" + field + "\"");
		}
	}

	/** Megaphone's format, worked out independently of the renderer. */
	private static String date() {
		return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
			.withZone(java.time.ZoneOffset.UTC)
			.format(io.cairn.status.testsupport.TestBeans.CLOCK.instant()) + "UTC";
	}

}
