package io.cairn.status.abuse;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health formats, conditions and TCP/TLS targets from outside: every count and length is
 * bounded, every malformed value refused with a 400 Problem Details naming the field,
 * nothing written; every target still passes the target policy; a hostile regular
 * expression or answer never holds the poller.
 */
class ProbeAbuseTests extends AbuseTestSupport {

	private void refused(String body, String field, String says) {
		List<Map<String, Object>> before = definitions();
		HttpResponse<String> response = this.http.post("/checks", body);
		assertThat(response.statusCode()).as(body).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).as(body).contains("\"field\":\"" + field + "\"").contains(says);
		assertThat(definitions()).as("nothing written for " + body).isEqualTo(before);
	}

	private String check(String extra) {
		return "{\"id\": \"probe\", \"url\": \"" + endpoints.url("/ok") + "\", " + extra + "}";
	}

	@Test
	void conditionsAreBoundedInNumberAndLength() {
		String eleven = String.join(", ", java.util.Collections.nCopies(11, "\"[STATUS] == 200\""));
		refused(check("\"conditions\": [" + eleven + "]"), "conditions",
				"more than 10 entries (cairn.status.probes.max-conditions)");
		refused(check("\"conditions\": [\"[BODY] == " + "x".repeat(300) + "\"]"), "conditions[0]",
				"longer than 256 characters (cairn.status.probes.max-expression-length)");
		refused(check("\"conditions\": [\"[STATUS] == 200\", {\"if\": \"[BODY] == " + "y".repeat(300) + "\"}]"),
				"conditions[1].if", "longer than 256 characters");
	}

	@Test
	void malformedConditionsNameTheirField() {
		refused(check("\"conditions\": \"[STATUS] == 200\""), "conditions", "must be an array");
		refused(check("\"conditions\": [42]"), "conditions[0]", "must be an expression");
		refused(check("\"conditions\": [\"\"]"), "conditions[0]", "must be an expression");
		refused(check("\"conditions\": [\"[STATUS] == 200\", \"STATUS = 200\"]"), "conditions[1]",
				"<subject> <operator> <value>");
		refused(check("\"conditions\": [\"[BODY] =~ ([a-z\"]"), "conditions[0]", "not a valid regular expression");
		refused(check("\"conditions\": [\"[RESPONSE_TIME] < fast\"]"), "conditions[0]", "compares numbers");
		refused(check("\"conditions\": [{\"if\": \"[STATUS] == 200\", \"severity\": \"OK\"}]"),
				"conditions[0].severity", "must be Warning, Critical or Unknown");
		refused(check("\"conditions\": [{\"if\": \"[STATUS] == 200\", \"severity\": 2}]"), "conditions[0].severity",
				"must be Warning, Critical or Unknown");
		refused(check("\"conditions\": [{\"if\": \"[STATUS] == 200\", \"then\": \"x\"}]"), "conditions[0].then",
				"'if' and 'severity' only");
		refused(check("\"conditions\": [\"[CERTIFICATE_DAYS_LEFT] > 10\"]"), "conditions[0]",
				"only TLS and https checks");
		refused(check("\"conditions\": [\"[BODY] == caf\\u0000\u00e9\"]"), "conditions[0]", "control characters");
	}

	@Test
	void formatsAndStatusCodesAreBounded() {
		refused(check("\"format\": \"nagios\""), "format", "must be one of auto, megaphone, actuator");
		refused(check("\"format\": 3"), "format", "must be one of");
		refused(check("\"format\": \"" + "a".repeat(5000) + "\""), "format", "must be one of");
		refused(check("\"format\": \"plain\", \"okStatus\": [99]"), "okStatus", "from 100 to 599");
		refused(check("\"format\": \"plain\", \"okStatus\": [200.5]"), "okStatus", "from 100 to 599");
		refused(check("\"format\": \"plain\", \"okStatus\": [4294967496]"), "okStatus", "from 100 to 599");
		refused(check("\"format\": \"plain\", \"okStatus\": []"), "okStatus", "at most 20");
		String many = String.join(",", java.util.Collections.nCopies(21, "200"));
		refused(check("\"format\": \"plain\", \"okStatus\": [" + many + "]"), "okStatus",
				"cairn.status.probes.max-ok-statuses");
	}

	@Test
	void socketTargetsPassTheTargetPolicy() {
		refused("{\"id\": \"probe\", \"url\": \"tcp://169.254.169.254:80\"}", "url",
				"link-local, metadata, multicast or unspecified");
		refused("{\"id\": \"probe\", \"url\": \"tls://[::ffff:169.254.169.254]:443\"}", "url",
				"link-local, metadata, multicast or unspecified");
		refused("{\"id\": \"probe\", \"url\": \"tcp://0.0.0.0:22\"}", "url", "unspecified");
		refused("{\"id\": \"probe\", \"url\": \"tcp://127.0.0.1\"}", "url", "needs a port");
		refused("{\"id\": \"probe\", \"url\": \"tcp://127.0.0.1:99999\"}", "url", "invalid port");
		refused("{\"id\": \"probe\", \"url\": \"tcp://127.0.0.1:22/path?q=1\"}", "url", "without a path or query");
		refused("{\"id\": \"probe\", \"url\": \"tcp://user:pw@127.0.0.1:22\"}", "url", "user-info");
		refused("{\"id\": \"probe\", \"url\": \"udp://127.0.0.1:53\"}", "url", "only http and https");
		refused("{\"id\": \"probe\", \"url\": \"dns://169.254.169.254/example.com\"}", "url",
				"link-local, metadata, multicast or unspecified");
		refused("{\"id\": \"probe\", \"url\": \"dns://127.0.0.1:53\"}", "url", "names what to look up");
		refused("{\"id\": \"probe\", \"url\": \"dns://127.0.0.1/example.com?type=AXFR\"}", "url",
				"type must be one of");
		refused("{\"id\": \"probe\", \"url\": \"dns://127.0.0.1/example.com?type=A&x=1\"}", "url",
				"the only query parameter");
		refused("{\"id\": \"probe\", \"url\": \"dns://127.0.0.1/" + "a".repeat(64) + ".com\"}", "url",
				"is not a DNS name");
		refused("{\"id\": \"probe\", \"url\": \"dns://127.0.0.1/example.com\", \"conditions\": "
				+ "[\"[BODY].a == 1\"]}", "conditions[0]", "[BODY].path does not apply to dns checks");
		refused("{\"id\": \"probe\", \"url\": \"tcp://127.0.0.1:22\", \"conditions\": [\"[DNS_RCODE] == NOERROR\"]}",
				"conditions[0]", "[DNS_RCODE] does not apply to tcp checks");
		refused("{\"id\": \"probe\", \"url\": \"tcp://127.0.0.1:22\", \"format\": \"actuator\"}", "format",
				"applies to HTTP checks");
		refused("{\"id\": \"probe\", \"url\": \"tcp://127.0.0.1:22\", \"conditions\": [\"[STATUS] == 200\"]}",
				"conditions[0]", "[STATUS] does not apply to tcp checks");
		refused("{\"id\": \"probe\", \"url\": {\"addr\": \"tcp://127.0.0.1:22\", \"jsonpath\": \"a/b\"}}", "jsonpath",
				"applies to HTTP checks");
	}

	@Test
	void socketTargetsAreCheckedAgainAtEveryPollByTheAddressesTheyResolveTo() {
		// evil.test resolves to the cloud metadata address (TestBeans): the name passes
		// when the check is added, its address is refused when it is dialled.
		for (String url : new String[] { "tcp://evil.test:80", "tls://evil.test:443" }) {
			String id = "rebind-" + url.substring(0, 3);
			assertThat(this.http.post("/checks", "{\"id\": \"" + id + "\", \"url\": \"" + url + "\"}").statusCode())
				.isEqualTo(201);
			TrackedCheck polled = awaitPolled(id);
			assertThat(polled.state().status()).isEqualTo(CheckStatus.CRITICAL);
			assertThat(polled.state().message()).isEqualTo("Unable to communicate with " + url + "!");
		}
	}

	@Test
	void aHostileRegexOrAHugeAnswerNeverHoldsThePoller() {
		endpoints.answer("regex-bomb", 200, "a".repeat(10_000) + "!");
		assertThat(this.http
			.post("/checks",
					"{\"id\": \"regex-bomb\", \"url\": \"" + endpoints.url("/dynamic/regex-bomb")
							+ "\", \"conditions\": [\"[BODY] =~ ^(a|aa)+$\", \"[BODY] =~ (.*a){8}!x\"]}")
			.statusCode()).isEqualTo(201);
		assertThat(this.http
			.post("/checks",
					"{\"id\": \"huge\", \"url\": \"" + endpoints.url("/huge")
							+ "\", \"conditions\": [\"[STATUS] == 200\"]}")
			.statusCode()).isEqualTo(201);
		assertThat(this.http.post("/checks", "{\"id\": \"after\", \"url\": \"" + endpoints.url("/ok") + "\"}")
			.statusCode()).isEqualTo(201);
		TrackedCheck bomb = awaitPolled("regex-bomb");
		assertThat(bomb.state().status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(bomb.state().document()).contains("(the regular expression");
		assertThat(awaitPolled("huge").state().status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(awaitPolled("after").state().status()).isEqualTo(CheckStatus.OK);
	}

	@Test
	void bodyAndHeaderValuesStayOutOfPublicMessages() {
		endpoints.answer("secretive", 200, "{\"token\": \"s3cr3t-value\", \"status\": \"OK\"}");
		assertThat(this.http
			.post("/checks",
					"{\"id\": \"secretive\", \"url\": \"" + endpoints.url("/dynamic/secretive")
							+ "\", \"conditions\": [\"[BODY].token == expected\", \"[STATUS] == 201\"]}")
			.statusCode()).isEqualTo(201);
		TrackedCheck polled = awaitPolled("secretive");
		assertThat(polled.state().message())
			.isEqualTo("2 of 2 conditions failed: [BODY].token == expected; [STATUS] == 201 (was 200)");
		assertThat(this.http.get("/status").body()).doesNotContain("s3cr3t");
		String view = this.http.get("/checks/secretive").body();
		assertThat(view).doesNotContain("s3cr3t").contains("\"actual\":\"200\"").contains("\"met\":false");
	}

}
