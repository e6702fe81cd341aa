package io.cairn.status.alert;

import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.AlertTestSupport;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts end to end: a check's endpoint changes, the poller sees it, and the providers
 * its route names get the messages (triggered, reminded, resolved), in their wire
 * formats, on real local servers; muted checks stay quiet; a rate limit withholds and
 * sums up; a provider that is down neither delays polling nor other providers, and is
 * reported.
 */
class AlertingTests extends AlertTestSupport {

	@Autowired
	AlertSender sender;

	@Autowired
	Alerter alerter;

	private ProviderStatus provider(String name) {
		return this.sender.statuses().stream().filter((s) -> s.name().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void aFailingCheckAlertsIsRemindedAndResolvesOnItsDefaultRoute() {
		addCheck("db", CheckStatus.OK);
		awaitPolled("db");
		answer("db", CheckStatus.CRITICAL);
		this.checks.pollNow("db");
		awaitTrue(() -> about("/hook", "db").size() == 1);
		assertThat(about("/hook", "db").get(0)).contains("\"event\":\"triggered\"")
			.contains("\"status\":\"Critical\"")
			.contains("\"previous\":\"OK\"")
			.contains("db says Critical");
		assertThat(this.alerter.openAlerts()).extracting(OpenAlert::checkId).contains("db");
		assertThat(this.http.get("/alerts").body()).contains("\"sending\":true").contains("\"checkId\":\"db\"");

		TestBeans.CLOCK.advance(Duration.ofMinutes(5));
		awaitTrue(() -> about("/hook", "db").size() == 2);
		assertThat(about("/hook", "db").get(1)).contains("\"event\":\"reminder\"");

		answer("db", CheckStatus.OK);
		this.checks.pollNow("db");
		awaitTrue(() -> about("/hook", "db").size() == 3);
		assertThat(about("/hook", "db").get(2)).contains("\"event\":\"resolved\"")
			.contains("\"status\":\"OK\"")
			.contains("\"previous\":\"Critical\"");
		assertThat(this.alerter.openAlerts()).extracting(OpenAlert::checkId).doesNotContain("db");
		// Warning does not alert with the default alert-on CRITICAL
		answer("db", CheckStatus.WARNING);
		this.checks.pollNow("db");
		awaitTrue(() -> this.live.get("db").state().status() == CheckStatus.WARNING);
		this.alerter.tick();
		assertThat(about("/hook", "db")).hasSize(3);
	}

	@Test
	void aCheckRoutedByTagReachesSlackTeamsPagerDutyAndEmailAndNotTheDefault() throws Exception {
		int mails = smtp.getReceivedMessages().length;
		addCheck("pay", CheckStatus.CRITICAL, "payments");
		awaitTrue(() -> receiver.bodies(SLACK_PATH).size() == 1 && receiver.bodies(TEAMS_PATH).size() == 1
				&& about("/v2/enqueue", "cairn-status/pay").size() == 1 && smtp.getReceivedMessages().length > mails);
		assertThat(receiver.bodies(SLACK_PATH).get(0)).startsWith("{\"text\":\":red_circle: [Cairn] pay is Critical");
		assertThat(receiver.bodies(TEAMS_PATH).get(0)).contains("\"type\":\"AdaptiveCard\"");
		assertThat(about("/v2/enqueue", "cairn-status/pay").get(0)).contains("\"event_action\":\"trigger\"")
			.contains("\"routing_key\":\"" + ROUTING_KEY + "\"");
		MimeMessage mail = smtp.getReceivedMessages()[mails];
		assertThat(mail.getSubject()).isEqualTo("[Cairn] pay is Critical: pay says Critical");
		assertThat(about("/hook", "pay")).isEmpty();

		this.checks.delete("pay");
		awaitTrue(() -> about("/v2/enqueue", "cairn-status/pay").size() == 2);
		assertThat(about("/v2/enqueue", "cairn-status/pay").get(1)).contains("\"event_action\":\"resolve\"");
		awaitTrue(() -> receiver.bodies(SLACK_PATH).size() == 2);
		assertThat(receiver.bodies(SLACK_PATH).get(1)).contains("pay recovered").contains("the check was deleted");
	}

	@Test
	void mutedAndInMaintenanceChecksDoNotAlert() {
		addCheck("hushed", CheckStatus.OK);
		addCheck("serviced", CheckStatus.OK);
		awaitPolled("hushed");
		awaitPolled("serviced");
		this.checks.silence("hushed", Duration.ofHours(1), null, "known issue");
		this.checks.silence("serviced", null, Duration.ofHours(1), "upgrade");
		answer("hushed", CheckStatus.CRITICAL);
		this.checks.pollNow("hushed");
		awaitTrue(() -> this.live.get("hushed").state().status() == CheckStatus.CRITICAL);
		// a check polled after both: once its alert is out, the rounds that saw the
		// quiet checks are over
		addCheck("loud", CheckStatus.CRITICAL);
		awaitTrue(() -> about("/hook", "loud").size() == 1);
		this.alerter.tick();
		assertThat(about("/hook", "hushed")).isEmpty();
		assertThat(about("/hook", "serviced")).isEmpty();
		assertThat(this.alerter.openAlerts()).extracting(OpenAlert::checkId).doesNotContain("hushed", "serviced");
	}

	@Test
	void aRateLimitWithholdsTheRestAndSumsItUpAMinuteLater() {
		for (int i = 1; i <= 4; i++) {
			addCheck("storm-" + i, CheckStatus.CRITICAL, "storm");
		}
		awaitTrue(() -> provider("limited").rateLimited() == 2);
		awaitTrue(() -> receiver.bodies("/limited").size() == 2);
		TestBeans.CLOCK.advance(Duration.ofSeconds(61));
		awaitTrue(() -> receiver.bodies("/limited").size() == 3);
		assertThat(receiver.bodies("/limited").get(2)).contains("\"event\":\"summary\"").contains("\"withheld\":2");
		assertThat(this.http.get("/actuator/prometheus").body())
			.contains("cairn_status_alerts_rate_limited_total{application=\"status-aggregator\",provider=\"limited\"");
	}

	@Test
	void aProviderThatIsDownDelaysNeitherPollingNorOtherProvidersAndIsReported() {
		receiver.answer(DOWN_PATH, 500);
		receiver.hang(DOWN_PATH, "\"fragile\"");
		try {
			addCheck("fragile", CheckStatus.CRITICAL, "fragile");
			awaitTrue(() -> about(DOWN_PATH, "fragile").size() == 1);
			// The down provider holds a sending thread (its timeout is a minute); polls
			// and another provider's alerts go on meanwhile.
			addCheck("steady", CheckStatus.OK);
			awaitPolled("steady");
			int polls = endpoints.hits("/dynamic/steady");
			answer("steady", CheckStatus.CRITICAL);
			this.checks.pollNow("steady");
			awaitTrue(() -> this.live.get("steady").state().status() == CheckStatus.CRITICAL);
			assertThat(endpoints.hits("/dynamic/steady")).isGreaterThan(polls);
			awaitTrue(() -> about("/hook", "steady").size() == 1);
			assertThat(about(DOWN_PATH, "fragile")).hasSize(1);
		}
		finally {
			receiver.release(DOWN_PATH);
		}
		awaitTrue(() -> about(DOWN_PATH, "fragile").size() == 2 && !provider("down").up());
		ProviderStatus down = provider("down");
		assertThat(down.up()).isFalse();
		assertThat(down.lastError()).isEqualTo("HTTP 500");
		String answer = this.http.get("/alerts/providers").body();
		assertThat(answer).contains("\"name\":\"down\"")
			.contains("\"lastError\":\"HTTP 500\"")
			.contains("\"up\":false");
		assertThat(this.http.get("/actuator/prometheus").body())
			.contains("cairn_status_alerts_failed_total{application=\"status-aggregator\",provider=\"down\"");
		List<ProviderStatus> all = this.sender.statuses();
		assertThat(all).extracting(ProviderStatus::name)
			.containsExactlyInAnyOrder("hook", "chat", "teams", "pager", "mail", "limited", "down", "gone");
	}

}
