package io.cairn.status.abuse;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public endpoint, Megaphone's routes and {@code /checks} alike, sent malformed,
 * truncated, oversized, wrong-typed, out-of-range and unicode-edge input: each answer is
 * a 4xx, never a 5xx, and nothing is written (no check, no definition change, no poll
 * scheduled, no history).
 */
class StatusFuzzTests extends AbuseTestSupport {

	private static final String TARGET = "http://10.0.0.1/status";

	/** Bodies no endpoint that reads a JSON body accepts. */
	private static final List<byte[]> MALFORMED = List.of(bytes(""), bytes(" \n\t "), bytes("{"), bytes("{\"id\":"),
			bytes("{\"id\": \"x\", \"url\": \"" + TARGET), bytes("{\"id\": \"x\" \"url\": 1}"), bytes("["), bytes("[{"),
			bytes("nul"), bytes("null"), bytes("true"), bytes("0"), bytes("-1"), bytes("1e999999"), bytes("\"text\""),
			bytes("[]"), bytes("[1, 2]"), bytes("{'id': 'x'}"),
			bytes("{\"id\": \"x\", \"url\": \"" + TARGET + "\"} trailing"), bytes("[".repeat(100_000)),
			bytes("{\"a\": ".repeat(5000)), bytes("{\"id\": \"" + "x".repeat(100_000)),
			new byte[] { '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' },
			new byte[] { (byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}' }, new byte[] { 0, 0, 0, 0 }, bytes("\u0000{}"));

	/** Check bodies that break a rule of Megaphone's {@code /check/add}. */
	private static final List<String> BAD_CHECKS = List.of("{}", "{\"id\": null, \"url\": \"" + TARGET + "\"}",
			"{\"id\": 5, \"url\": \"" + TARGET + "\"}", "{\"id\": [], \"url\": \"" + TARGET + "\"}", "{\"id\": \"x\"}",
			"{\"id\": \"x\", \"url\": 5}", "{\"id\": \"x\", \"url\": true}", "{\"id\": \"x\", \"url\": \"\"}",
			"{\"id\": \"\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"" + "x".repeat(201) + "\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"x\", \"url\": \"http://10.0.0.1/" + "a".repeat(3000) + "\"}",
			"{\"id\": \"x\", \"url\": \"file:///etc/passwd\"}", "{\"id\": \"x\", \"url\": \"gopher://10.0.0.1/\"}",
			"{\"id\": \"x\", \"url\": \"http://user:pass@10.0.0.1/\"}", "{\"id\": \"x\", \"url\": \"http://[::1\"}",
			"{\"id\": \"x\", \"url\": \"http://10.0.0.1:99999/\"}", "{\"id\": \"x\", \"url\": \"http://%zz/\"}",
			"{\"id\": \"x\", \"url\": \"http://169.254.169.254/\"}", "{\"id\": \"x\", \"url\": \"http://[fe80::1]/\"}",
			"{\"id\": \"x\", \"url\": \"http://[::ffff:169.254.169.254]/\"}",
			"{\"id\": \"x\", \"url\": \"http://0x7f.1/\"}", "{\"id\": \"a b\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"a/b\", \"url\": \"" + TARGET + "\"}", "{\"id\": \"a%2Fb\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"a;b\", \"url\": \"" + TARGET + "\"}", "{\"id\": \"..\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"\\ud800\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"\\udfff\\ud800\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"\\u202e\\u0000\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"\\ufeffx\", \"url\": \"" + TARGET + "\"}", "{\"id\": \"\\u0085\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"x\\u3000y\", \"url\": \"" + TARGET + "\"}",
			"{\"id\": \"seed\", \"url\": \"" + TARGET + "\", \"id\": \"other\"}");

	/** Bodies that break a rule only {@code POST /checks} has. */
	private static final List<String> BAD_RICH_CHECKS = List.of(
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"bogus\": 1}", "{\"id\": \"x\", \"url\": {\"addr\": 5}}",
			"{\"id\": \"x\", \"url\": {\"addr\": \"" + TARGET + "\", \"jsonpath\": 5}}",
			"{\"id\": \"x\", \"url\": {\"addr\": \"" + TARGET + "\", \"jsonpath\": \"/\"}}",
			"{\"id\": \"x\", \"url\": {\"addr\": \"" + TARGET + "\", \"jsonpath\": \"" + "a/".repeat(200) + "\"}}",
			"{\"id\": \"x\", \"url\": {\"addr\": \"" + TARGET + "\", \"statusoverride\": \"Fine\"}}",
			"{\"id\": \"x\", \"url\": {\"addr\": \"" + TARGET + "\", \"other\": 1}}",
			"{\"id\": \"x\", \"url\": [\"" + TARGET + "\"]}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"tags\": \"prod\"}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"tags\": [1]}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"tags\": [null]}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"tags\": [\"a b\"]}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"tags\": [\"" + "t".repeat(65) + "\"]}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"tags\": [" + manyTags() + "]}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": true}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": {}}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": 1.5}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": 1e400}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": -30}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": 0}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": 99999999999999999999999999}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": \"1 fortnight\"}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": \"3000000d\"}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": \"PT-1S\"}",
			"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"interval\": \"" + "9".repeat(100) + "s\"}");

	/** Bodies {@code /check/del} refuses. */
	private static final List<String> BAD_DELETES = List.of("{}", "{\"id\": null}", "{\"id\": 5}", "{\"id\": \"\"}",
			"{\"id\": \"\\ud800\"}", "{\"id\": \"nope\"}", "{\"id\": [\"seed\"]}", "{\"id\": {\"id\": \"seed\"}}");

	/** Imports {@code /checks/import} refuses whole. */
	private static final List<String> BAD_IMPORTS = List.of("{}", "{\"\\ud800\": \"" + TARGET + "\"}", "{\"x\": 5}",
			"{\"x\": null}", "{\"x\": \"ftp://10.0.0.1/\"}", "{\"x\": {\"addr\": 5}}", "{\"x\": {\"bogus\": 1}}",
			"{\"seed\": []}", "{\"a b\": \"" + TARGET + "\"}", manyImports(1001), manyImports(31));

	/** Mute and maintenance bodies refused. */
	private static final List<String> BAD_SILENCES = List.of("{}", "{\"duration\": null}",
			"{\"duration\": \"1000000d\"}", "{\"duration\": \"31d\"}", "{\"duration\": \"PT99999999999999999H\"}",
			"{\"duration\": \"-5m\"}", "{\"duration\": \"0s\"}", "{\"duration\": 5}", "{\"duration\": []}",
			"{\"duration\": \"soon\"}", "{\"duration\": \"" + "9".repeat(100) + "d\"}",
			"{\"duration\": \"1h\", \"note\": \"" + "n".repeat(501) + "\"}", "{\"duration\": \"1h\", \"note\": 5}",
			"{\"duration\": \"1h\", \"extra\": 1}");

	/** Path ids no check can have; some are no valid path at all. */
	private static final List<String> BAD_IDS = List.of("%00", "%2e%2e", "%2E", ";", "a;b", "%3B", "%ff",
			"%C0%AE%C0%AE", "%E2%80%AE", "%ed%a0%80", "x".repeat(5000), "%25", "%5C", "%0d%0a", "%20", "%2F",
			"..%2F..%2Fetc", "seed%00", "seed;jsessionid=x", "seed;x", "seed%3Bx");

	/** Path ids a check could have, but none has (their history is an empty list). */
	private static final List<String> UNKNOWN_IDS = List.of("nope", "%F0%9F%92%A9", "seed.json");

	private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=zz",
			"application/json; charset=utf-16");

	@Test
	void everyPublicEndpointAnswersBadInputWithA4xxAndWritesNothing() {
		this.http.post("/check/add", "{\"id\": \"seed\", \"url\": \"" + endpoints.url("/ok-fuzz") + "\"}");
		awaitPolled("seed");
		// The seed's first result is a transition. The scheduled flush may be writing it
		// at this moment (then flush() finds nothing queued and returns at once), so the
		// baseline waits for its history row.
		this.flusher.flush();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM status_history WHERE check_id = 'seed'")
				.query(Long.class)
				.single() > 0);
		List<Map<String, Object>> before = definitions();
		long history = historyRows();
		List<String> wrong = new ArrayList<>();

		String[][] bodyRoutes = { { "POST", "/check/add" }, { "PUT", "/check/add" }, { "POST", "/check/del" },
				{ "DELETE", "/check/del" }, { "POST", "/checks" }, { "POST", "/checks/import" },
				{ "PUT", "/checks/seed/mute" }, { "PUT", "/checks/seed/maintenance" }, { "POST", "/maintenance" } };
		for (String[] route : bodyRoutes) {
			for (byte[] body : MALFORMED) {
				for (String type : CONTENT_TYPES) {
					expect4xx(wrong, route[0], route[1], type, body);
				}
			}
			// larger than cairn.http.max-request-size
			expect4xx(wrong, route[0], route[1], "application/json", new byte[1024 * 1024 + 1]);
			expect4xx(wrong, route[0], route[1], "application/json", bytes(
					"{\"id\": \"x\", \"url\": \"" + TARGET + "\", \"pad\": \"" + "p".repeat(1024 * 1024) + "\"}"));
		}
		for (String body : BAD_CHECKS) {
			for (String[] route : new String[][] { { "POST", "/check/add" }, { "PUT", "/check/add" },
					{ "POST", "/checks" } }) {
				expect4xx(wrong, route[0], route[1], "application/json", bytes(body));
			}
		}
		for (String body : BAD_RICH_CHECKS) {
			expect4xx(wrong, "POST", "/checks", "application/json", bytes(body));
		}
		for (String body : BAD_DELETES) {
			expect4xx(wrong, "POST", "/check/del", "application/x-www-form-urlencoded", bytes(body));
			expect4xx(wrong, "DELETE", "/check/del", "application/json", bytes(body));
		}
		for (String body : BAD_IMPORTS) {
			expect4xx(wrong, "POST", "/checks/import", "application/octet-stream", bytes(body));
		}
		for (String body : BAD_SILENCES) {
			expect4xx(wrong, "PUT", "/checks/seed/mute", "application/json", bytes(body));
			expect4xx(wrong, "PUT", "/checks/seed/maintenance", "application/json", bytes(body));
		}
		for (String body : new String[] { "{\"group\": \"db\", \"cron\": \"* * *\", \"duration\": \"1h\"}",
				"{\"group\": \"db\", \"cron\": \"" + "0 ".repeat(100) + "\", \"duration\": \"1h\"}",
				"{\"group\": \"db\", \"cron\": 5, \"duration\": \"1h\"}",
				"{\"group\": \"db\", \"cron\": \"0 0 2 * * SUN\", \"zone\": \"\\u0000\", \"duration\": \"1h\"}",
				"{\"group\": \"db\", \"duration\": \"99999999999999999999d\"}",
				"{\"group\": \"db\", \"duration\": \"-1h\"}", "{\"group\": [\"db\"], \"duration\": \"1h\"}",
				"{\"check\": \"a/b\", \"duration\": \"1h\"}",
				"{\"id\": \"..\", \"group\": \"db\", \"duration\": \"1h\"}",
				"{\"group\": \"db\", \"start\": \"+999999999-12-31T23:59:59Z\", \"duration\": \"1h\"}",
				"{\"group\": \"db\", \"duration\": \"1h\", \"reason\": \"" + "r".repeat(501) + "\"}" }) {
			expect4xx(wrong, "POST", "/maintenance", "application/json", bytes(body));
		}
		for (String id : UNKNOWN_IDS) {
			expect4xx(wrong, "POST", "/checks/" + id + "/push-token", null, null);
			expect4xx(wrong, "GET", "/maintenance/" + id, null, null);
			expect4xx(wrong, "DELETE", "/maintenance/" + id, null, null);
			expect4xx(wrong, "GET", "/check/show/" + id, null, null);
			expect4xx(wrong, "GET", "/checks/" + id, null, null);
			expect4xx(wrong, "DELETE", "/checks/" + id, null, null);
			expect4xx(wrong, "POST", "/checks/" + id + "/poll", null, null);
			expect4xx(wrong, "PUT", "/checks/" + id + "/mute", "application/json", bytes("{\"duration\": \"1h\"}"));
		}
		for (String id : BAD_IDS) {
			expect4xx(wrong, "POST", "/checks/" + id + "/push-token", null, null);
			expect4xx(wrong, "GET", "/check/show/" + id, null, null);
			expect4xx(wrong, "GET", "/checks/" + id, null, null);
			expect4xx(wrong, "DELETE", "/checks/" + id, null, null);
			expect4xx(wrong, "GET", "/checks/" + id + "/history", null, null);
			expect4xx(wrong, "POST", "/checks/" + id + "/poll", null, null);
			expect4xx(wrong, "PUT", "/checks/" + id + "/mute", "application/json", bytes("{\"duration\": \"1h\"}"));
			expect4xx(wrong, "PUT", "/checks/" + id + "/maintenance", "application/json",
					bytes("{\"duration\": \"1h\"}"));
			expect4xx(wrong, "DELETE", "/checks/" + id + "/mute", null, null);
			expect4xx(wrong, "DELETE", "/checks/" + id + "/maintenance", null, null);
		}
		for (String query : new String[] { "/status?critical=abc", "/status?critical=99999999999",
				"/status?critical=1e3", "/status?critical=%00", "/?critical=abc", "/checks?tag=", "/checks?tag=a%20b",
				"/checks?tag=%00", "/checks?tag=" + "t".repeat(65), "/checks?tag=%E2%80%AE", "/checks?status=meh",
				"/checks?status=%00", "/checks?source=nowhere", "/checks/seed/history?limit=0",
				"/checks/seed/history?limit=-5", "/checks/seed/history?limit=1001",
				"/checks/seed/history?limit=99999999999999", "/checks/seed/history?limit=abc",
				"/checks/seed/history?before=abc", "/checks/seed/history?before=99999999999999999999",
				"/checks/history?tag=%00", "/checks/history?tag=a%20b", "/checks/history?limit=abc",
				"/checks/history?limit=0", "/checks/history?before=1e5" }) {
			expect4xx(wrong, "GET", query, null, null);
		}
		for (String[] request : new String[][] { { "PATCH", "/checks/seed" }, { "POST", "/status" },
				{ "DELETE", "/status" }, { "PUT", "/check/list" }, { "POST", "/check/show/seed" },
				{ "GET", "/checks/import" }, { "DELETE", "/checks/history" } }) {
			expect4xx(wrong, request[0], request[1], "application/json", bytes("{}"));
		}

		assertThat(wrong).isEmpty();
		assertThat(definitions()).isEqualTo(before);
		assertThat(historyRows()).isEqualTo(history);
		assertThat(this.jdbc.sql("SELECT count(*) FROM status_maintenance_window").query(Long.class).single()).isZero();
		assertThat(this.live.list()).extracting((view) -> view.check().id()).containsExactly("seed");
		assertThat(this.http.get("/status").statusCode()).isEqualTo(200);
	}

	private void expect4xx(List<String> wrong, String method, String path, String contentType, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(java.time.Duration.ofSeconds(20))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<String> response = this.http.send(request.build());
		if (response.statusCode() < 400 || response.statusCode() > 499) {
			String shown = (body != null) ? new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8)
					: "";
			wrong.add(response.statusCode() + " for " + method + " " + abbreviate(path) + " [" + contentType + "] "
					+ shown + " -> " + abbreviate(response.body()));
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String manyTags() {
		StringBuilder tags = new StringBuilder();
		for (int i = 0; i < 21; i++) {
			tags.append((i > 0) ? "," : "").append("\"t").append(i).append("\"");
		}
		return tags.toString();
	}

	private static String manyImports(int count) {
		StringBuilder cache = new StringBuilder("{");
		for (int i = 0; i < count; i++) {
			cache.append((i > 0) ? ", " : "")
				.append("\"fuzz-")
				.append(i)
				.append("\": \"")
				.append(TARGET)
				.append(i)
				.append("\"");
		}
		return cache.append("}").toString();
	}

}
