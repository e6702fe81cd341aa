package io.cairn.status.abuse;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.AlertTestSupport;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert providers' secrets (Slack's and Teams' webhook paths, PagerDuty's routing key,
 * the SMTP password, a token in a webhook's path) never leave through an answer, a meter
 * or the log, also when a provider fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class AlertSecretAbuseTests extends AlertTestSupport {

	@Test
	void alertSecretsNeverLeaveThroughAnswersMetricsOrLogs(CapturedOutput output) {
		receiver.answer(DOWN_PATH, 502);
		receiver.answer(SLACK_PATH, 404);
		addCheck("leaky", CheckStatus.CRITICAL, "payments", "fragile", "gone");
		awaitTrue(() -> about(DOWN_PATH, "leaky").size() == 2 && !receiver.bodies(SLACK_PATH).isEmpty()
				&& !about("/v2/enqueue", "cairn-status/leaky").isEmpty());
		awaitTrue(() -> this.http.get("/alerts/providers").body().contains("\"lastError\":\"HTTP 502\""));
		awaitTrue(() -> this.http.get("/alerts/providers").body().contains("\"lastError\":\"HTTP 404\""));
		awaitTrue(() -> this.http.get("/alerts/providers").body().contains("\"lastError\":\"ConnectException\""));
		receiver.answer(DOWN_PATH, 200);
		receiver.answer(SLACK_PATH, 200);
		List<String> secrets = List.of(ROUTING_KEY, SMTP_PASSWORD, "slack-SECRET", "teams-SECRET", "hook-TOKEN",
				"gone-TOKEN");
		for (String path : List.of("/alerts/providers", "/alerts", "/checks", "/checks/leaky", "/status",
				"/actuator/prometheus", "/actuator/metrics", "/actuator/health", "/v3/api-docs")) {
			HttpResponse<String> answer = this.http.get(path);
			assertThat(answer.statusCode()).as(path).isLessThan(500);
			for (String secret : secrets) {
				assertThat(answer.body()).as(path).doesNotContain(secret);
			}
		}
		assertThat(output.getAll()).contains("Alert to down (http://127.0.0.1:")
			.contains("Alert to chat (http://127.0.0.1:")
			.contains("Alert to gone (http://127.0.0.1:");
		for (String secret : secrets) {
			assertThat(output.getAll()).doesNotContain(secret);
		}
	}

}
