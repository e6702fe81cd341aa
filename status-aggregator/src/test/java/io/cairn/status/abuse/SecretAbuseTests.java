package io.cairn.status.abuse;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.status.testsupport.ExtendedChecksTestSupport;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check's secret reaches its target and nothing else: not the API's answers (the check,
 * the list, {@code /status}, history, Megaphone's listing), not metrics, not error
 * messages, not the log (the app at DEBUG, the HTTP client too).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretAbuseTests extends ExtendedChecksTestSupport {

	@Test
	void aCheckSecretNeverLeavesThroughAnswersErrorsMetricsOrLogs(CapturedOutput output) {
		assertThat(write("/checks",
				"{\"id\": \"secretive\", \"url\": \"" + server.url("/secretive")
						+ "\", \"auth\": {\"type\": \"bearer\", \"secret\": \"search-token\"}}")
			.statusCode()).isEqualTo(201);
		assertThat(write("/checks",
				"{\"id\": \"secretive-basic\", \"url\": \"" + server.url("/away?to=http://127.0.0.1:9/closed")
						+ "\", \"auth\": {\"type\": \"basic\", \"username\": \"monitor\", "
						+ "\"secret\": \"monitor-password\"}}")
			.statusCode()).isEqualTo(201);
		awaitPolled("secretive");
		awaitPolled("secretive-basic");
		this.flusher.flush();
		assertThat(server.requests("/secretive").get(0).headers().get("Authorization")).contains(BEARER_SECRET);
		List<String> paths = List.of("/checks", "/checks/secretive", "/checks/secretive-basic", "/status",
				"/checks/history", "/checks/secretive/history", "/check/list", "/check/show/secretive",
				"/actuator/prometheus", "/actuator/metrics");
		for (String path : paths) {
			HttpResponse<String> answer = this.http.get(path);
			assertThat(answer.statusCode()).as(path).isLessThan(500);
			assertThat(answer.body()).as(path).doesNotContain(BEARER_SECRET).doesNotContain(BASIC_SECRET);
		}
		assertThat(output.getAll()).doesNotContain(BEARER_SECRET).doesNotContain(BASIC_SECRET);
	}

	@Test
	void aSecretPastedInsteadOfItsNameIsNotRepeated() {
		String pasted = "s3cr3t-value-pasted-by-mistake";
		HttpResponse<String> answer = write("/checks", "{\"id\": \"pasted\", \"url\": \"" + server.url("/pasted")
				+ "\", \"auth\": {\"type\": \"bearer\", \"secret\": \"" + pasted + "\"}}");
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("\"field\":\"auth.secret\"").doesNotContain(pasted);
		HttpResponse<String> notAName = write("/checks", "{\"id\": \"pasted\", \"url\": \"" + server.url("/pasted")
				+ "\", \"auth\": {\"type\": \"bearer\", \"secret\": \"Bearer eyJ.Secret+Value/==\"}}");
		assertThat(notAName.statusCode()).isEqualTo(400);
		assertThat(notAName.body()).contains("\"field\":\"auth.secret\"").doesNotContain("eyJ.Secret");
	}

	@Test
	void onlySecretsUnderTheirPrefixCanBeNamed() {
		// The database password is a property like any other; a check cannot name it.
		HttpResponse<String> answer = write("/checks", "{\"id\": \"exfiltrate\", \"url\": \"" + server.url("/x")
				+ "\", \"auth\": {\"type\": \"bearer\", \"secret\": \"spring.datasource.password\"}}");
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("\"field\":\"auth.secret\"");
		assertThat(server.requests("/x")).isEmpty();
	}

}
