package io.cairn.status.probe;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.testsupport.ExtendedChecksTestSupport;
import io.cairn.status.testsupport.RecordingServer;
import io.cairn.status.testsupport.RecordingServer.Recorded;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP checks with a method, headers, a body and basic or bearer auth, against a real
 * local server that records what arrives on the wire.
 */
class HttpRequestCheckTests extends ExtendedChecksTestSupport {

	@Test
	void postWithHeadersBodyAndBearerAuthArrivesAsConfigured() {
		HttpResponse<String> created = write("/checks", "{\"id\": \"search\", \"url\": \"" + server.url("/search")
				+ "\", \"method\": \"post\", \"headers\": {\"X-Probe\": \"cairn\", \"Accept\": \"application/json\"}, "
				+ "\"body\": {\"query\": \"ping\"}, \"auth\": {\"type\": \"bearer\", \"secret\": \"search-token\"}}");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"method\":\"POST\"")
			.contains("\"headers\":[\"X-Probe\",\"Accept\"]")
			.contains("\"auth\":\"bearer\"")
			.contains("\"secret\":\"search-token\"")
			.doesNotContain(BEARER_SECRET);
		TrackedCheck check = awaitPolled("search");
		assertThat(check.state().status()).isEqualTo(CheckStatus.OK);
		Recorded request = server.requests("/search").get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.headers()).containsEntry("X-Probe", "cairn")
			.containsEntry("Accept", "application/json")
			.containsEntry("Content-Type", "application/json")
			.containsEntry("Authorization", "Bearer " + BEARER_SECRET);
		assertThat(request.body()).isEqualTo("{\"query\":\"ping\"}");
	}

	@Test
	void basicAuthSendsTheUserAndTheNamedSecret() {
		assertThat(write("/checks",
				"{\"id\": \"basic\", \"url\": \"" + server.url("/basic") + "\", \"auth\": {\"type\": \"basic\", "
						+ "\"username\": \"monitor\", \"secret\": \"monitor-password\"}}")
			.statusCode()).isEqualTo(201);
		awaitPolled("basic");
		Recorded request = server.requests("/basic").get(0);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.headers()).containsEntry("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString(("monitor:" + BASIC_SECRET).getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void headWithAPlainFormatIsOkOnA2xx() {
		assertThat(write("/checks", "{\"id\": \"head\", \"url\": \"" + server.url("/head")
				+ "\", \"method\": \"HEAD\", \"format\": \"plain\"}")
			.statusCode()).isEqualTo(201);
		TrackedCheck check = awaitPolled("head");
		assertThat(check.state().status()).isEqualTo(CheckStatus.OK);
		assertThat(server.requests("/head").get(0).method()).isEqualTo("HEAD");
	}

	@Test
	void aMegaphoneCheckStillSendsAPlainGetWithoutCredentials() {
		assertThat(write("/checks", "{\"id\": \"plain\", \"url\": \"" + server.url("/plain") + "\"}").statusCode())
			.isEqualTo(201);
		TrackedCheck check = awaitPolled("plain");
		assertThat(check.state().message()).isEqualTo("fine");
		Recorded request = server.requests("/plain").get(0);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.headers()).containsEntry("Accept", "application/json").doesNotContainKey("Authorization");
		assertThat(request.body()).isEmpty();
		assertThat(this.http.get("/checks/plain").body()).doesNotContain("\"request\"");
	}

	@Test
	void credentialsAreNotFollowedToAnotherOrigin() {
		try (RecordingServer other = new RecordingServer()) {
			String away = server.url("/away?to=" + other.url("/landing"));
			assertThat(write("/checks",
					"{\"id\": \"bounced\", \"url\": \"" + away
							+ "\", \"auth\": {\"type\": \"bearer\", \"secret\": \"search-token\"}}")
				.statusCode()).isEqualTo(201);
			awaitTrue(() -> !other.requests("/landing").isEmpty());
			assertThat(server.requests("/away").get(0).headers()).containsEntry("Authorization",
					"Bearer " + BEARER_SECRET);
			assertThat(other.requests("/landing").get(0).headers()).doesNotContainKey("Authorization");
		}
	}

	@Test
	void outOfRangeRequestSettingsAre400sNamingTheField() {
		String url = server.url("/never");
		List<String[]> cases = List.of(new String[] { "\"method\": \"TRACE\"", "method" },
				new String[] { "\"method\": 7", "method" },
				new String[] { "\"headers\": {\"Host\": \"evil.test\"}", "headers.Host" },
				new String[] { "\"headers\": {\"Authorization\": \"Bearer x\"}", "headers.Authorization" },
				new String[] { "\"headers\": {\"Transfer-Encoding\": \"chunked\"}", "headers.Transfer-Encoding" },
				new String[] { "\"headers\": {\"X-A\": \"a\\r\\nX-B: b\"}", "headers.X-A" },
				new String[] { "\"headers\": {\"Bad Name\": \"a\"}", "headers" },
				new String[] { "\"headers\": {\"X-Long\": \"" + "a".repeat(1100) + "\"}", "headers.X-Long" },
				new String[] { "\"headers\": {" + manyHeaders(21) + "}", "headers" },
				new String[] { "\"headers\": [\"X-A\"]", "headers" }, new String[] { "\"body\": \"x\"", "body" },
				new String[] { "\"method\": \"POST\", \"body\": \"" + "a".repeat(65 * 1024) + "\"", "body" },
				new String[] { "\"method\": \"POST\", \"body\": 5", "body" },
				new String[] { "\"auth\": {\"type\": \"digest\", \"secret\": \"search-token\"}", "auth.type" },
				new String[] { "\"auth\": {\"type\": \"basic\", \"secret\": \"search-token\"}", "auth.username" },
				new String[] { "\"auth\": {\"type\": \"bearer\", \"secret\": \"unset-name\"}", "auth.secret" },
				new String[] { "\"auth\": {\"type\": \"bearer\", \"secret\": \"search-token\", \"x\": 1}", "auth.x" });
		for (String[] bad : cases) {
			HttpResponse<String> answer = write("/checks",
					"{\"id\": \"bad\", \"url\": \"" + url + "\", " + bad[0] + "}");
			assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
			assertThat(answer.body()).as(bad[0]).contains("\"field\":\"" + bad[1] + "\"");
		}
		HttpResponse<String> onTcp = write("/checks",
				"{\"id\": \"bad\", \"url\": \"tcp://127.0.0.1:9\", \"method\": \"POST\"}");
		assertThat(onTcp.statusCode()).isEqualTo(400);
		assertThat(onTcp.body()).contains("\"field\":\"method\"");
		assertThat(this.live.get("bad")).isNull();
		assertThat(server.requests("/never")).isEmpty();
	}

	private static String manyHeaders(int count) {
		StringBuilder headers = new StringBuilder();
		for (int i = 0; i < count; i++) {
			headers.append((i > 0) ? ", " : "").append("\"X-H").append(i).append("\": \"v\"");
		}
		return headers.toString();
	}

}
