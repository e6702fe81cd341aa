package io.cairn.status.alert;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.probe.CheckSecrets;
import io.cairn.status.testsupport.AlertReceiver;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.client.HttpServerErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every provider's wire format, sent to real local servers: the JDK's HTTP server for
 * webhooks, Slack, Teams and PagerDuty, GreenMail's SMTP server for e-mail.
 */
class AlertProviderWireTests {

	private static final Instant OPENED = Instant.parse("2026-12-05T14:00:00Z");

	private static final Instant AT = Instant.parse("2026-12-05T14:00:02Z");

	private static final AlertReceiver receiver = new AlertReceiver();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final Alert triggered = Alert.of(Alert.Kind.TRIGGERED, "db", CheckStatus.CRITICAL, CheckStatus.OK,
			"connection refused <!channel> & co\r\nBcc: evil@example.com", OPENED, AT);

	private final Alert resolved = Alert.of(Alert.Kind.RESOLVED, "db", CheckStatus.OK, CheckStatus.CRITICAL,
			"Everything is groovy", OPENED, AT);

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@BeforeEach
	void clear() {
		receiver.clear();
	}

	private JsonNode only(String path) {
		assertThat(receiver.bodies(path)).hasSize(1);
		assertThat(receiver.all()).allSatisfy((r) -> assertThat(r.contentType()).startsWith("application/json"));
		return this.mapper.readTree(receiver.bodies(path).get(0));
	}

	private URI url(String path) {
		return URI.create(receiver.url(path));
	}

	@Test
	void aWebhookGetsTheAlertsFields() throws Exception {
		new WebhookAlertChannel(() -> url("/hook"), Duration.ofSeconds(5), this.mapper).send(this.triggered);
		JsonNode body = only("/hook");
		assertThat(body.get("event").asString()).isEqualTo("triggered");
		assertThat(body.get("check").asString()).isEqualTo("db");
		assertThat(body.get("status").asString()).isEqualTo("Critical");
		assertThat(body.get("previous").asString()).isEqualTo("OK");
		assertThat(body.get("message").asString()).startsWith("connection refused");
		assertThat(body.get("openedAt").asString()).isEqualTo("2026-12-05T14:00:00Z");
		assertThat(body.get("at").asString()).isEqualTo("2026-12-05T14:00:02Z");
		assertThat(body.get("text").asString()).startsWith("[Cairn] db is Critical: connection refused")
			.doesNotContain("\n");
	}

	@Test
	void slackGetsEscapedTextOnOneLine() throws Exception {
		new SlackAlertChannel(() -> url("/services/T0/B0/XYZ"), Duration.ofSeconds(5), this.mapper)
			.send(this.triggered);
		JsonNode body = only("/services/T0/B0/XYZ");
		assertThat(body.properties()).hasSize(1);
		assertThat(body.get("text").asString()).isEqualTo(
				":red_circle: [Cairn] db is Critical: connection refused &lt;!channel&gt; &amp; co Bcc: evil@example.com");
		receiver.clear();
		new SlackAlertChannel(() -> url("/services/T0/B0/XYZ"), Duration.ofSeconds(5), this.mapper).send(this.resolved);
		assertThat(only("/services/T0/B0/XYZ").get("text").asString())
			.isEqualTo(":large_green_circle: [Cairn] db recovered: OK (was Critical since 2026-12-05T14:00:00Z): "
					+ "Everything is groovy");
	}

	@Test
	void teamsGetsAnAdaptiveCardInAMessage() throws Exception {
		receiver.answer("/workflows/teams", 202);
		new TeamsAlertChannel(() -> url("/workflows/teams"), Duration.ofSeconds(5), this.mapper).send(this.triggered);
		JsonNode body = only("/workflows/teams");
		assertThat(body.get("type").asString()).isEqualTo("message");
		JsonNode attachment = body.get("attachments").get(0);
		assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
		JsonNode card = attachment.get("content");
		assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
		assertThat(card.get("version").asString()).isEqualTo("1.4");
		assertThat(card.get("$schema").asString()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
		JsonNode title = card.get("body").get(0);
		assertThat(title.get("type").asString()).isEqualTo("TextBlock");
		assertThat(title.get("text").asString()).startsWith("[Cairn] db is Critical");
		assertThat(title.get("color").asString()).isEqualTo("Attention");
		JsonNode facts = card.get("body").get(1);
		assertThat(facts.get("type").asString()).isEqualTo("FactSet");
		assertThat(facts.get("facts").get(0).get("title").asString()).isEqualTo("Check");
		assertThat(facts.get("facts").get(0).get("value").asString()).isEqualTo("db");
		assertThat(facts.get("facts").get(1).get("value").asString()).isEqualTo("Critical");
	}

	@Test
	void pagerDutyTriggersAndResolvesOneIncidentPerCheck() throws Exception {
		receiver.answer("/v2/enqueue", 202);
		PagerDutyAlertChannel channel = new PagerDutyAlertChannel(() -> url("/v2/enqueue"), Duration.ofSeconds(5),
				this.mapper, () -> "R0UTING-KEY", "cairn-status/replica-1");
		assertThat(channel.takes(Alert.Kind.REMINDER)).isFalse();
		assertThat(channel.takes(Alert.Kind.SUMMARY)).isFalse();
		channel.send(this.triggered);
		JsonNode trigger = only("/v2/enqueue");
		assertThat(trigger.get("routing_key").asString()).isEqualTo("R0UTING-KEY");
		assertThat(trigger.get("event_action").asString()).isEqualTo("trigger");
		assertThat(trigger.get("dedup_key").asString()).isEqualTo("cairn-status/db");
		JsonNode payload = trigger.get("payload");
		assertThat(payload.get("summary").asString()).startsWith("[Cairn] db is Critical");
		assertThat(payload.get("source").asString()).isEqualTo("cairn-status/replica-1");
		assertThat(payload.get("severity").asString()).isEqualTo("critical");
		assertThat(payload.get("timestamp").asString()).isEqualTo("2026-12-05T14:00:02Z");
		assertThat(payload.get("component").asString()).isEqualTo("db");
		assertThat(payload.get("custom_details").get("status").asString()).isEqualTo("Critical");
		receiver.clear();
		channel.send(this.resolved);
		JsonNode resolve = only("/v2/enqueue");
		assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
		assertThat(resolve.get("dedup_key").asString()).isEqualTo("cairn-status/db");
		assertThat(resolve.get("routing_key").asString()).isEqualTo("R0UTING-KEY");
		assertThat(resolve.has("payload")).isFalse();
	}

	@Test
	void aProviderThatAnswers5xxFailsAndIsDescribedByItsStatusOnly() {
		receiver.answer("/broken/SECRET-PATH", 503);
		WebhookAlertChannel channel = new WebhookAlertChannel(() -> url("/broken/SECRET-PATH"), Duration.ofSeconds(5),
				this.mapper);
		assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> channel.send(this.triggered))
			.satisfies((ex) -> assertThat(AlertSender.describe(ex)).isEqualTo("HTTP 503"));
		assertThat(channel.destination()).startsWith(receiver.url("").replaceAll("/$", ""))
			.doesNotContain("SECRET")
			.doesNotContain("broken");
	}

	@Test
	void aSecretUrlIsReadAtEachSendAndNeverShown() throws Exception {
		MockEnvironment environment = new MockEnvironment();
		CheckSecrets secrets = new CheckSecrets(environment);
		AlertProperties.Provider provider = new AlertProperties.Provider(AlertProperties.ProviderType.SLACK, null,
				"slack-url", null, java.util.List.of(), null, 20, Duration.ofSeconds(5));
		AlertChannel channel = AlertConfiguration.channel("chat", provider, secrets, this.mapper,
				new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), "r1");
		assertThatExceptionOfType(AlertSendException.class).isThrownBy(() -> channel.send(this.triggered))
			.withMessage("the secret cairn.status.secrets.slack-url is not set");
		environment.setProperty("cairn.status.secrets.slack-url", "not a url");
		assertThatExceptionOfType(AlertSendException.class).isThrownBy(() -> channel.send(this.triggered))
			.withMessage("the secret cairn.status.secrets.slack-url is not an http(s) URL");
		environment.setProperty("cairn.status.secrets.slack-url", receiver.url("/services/ROTATED/SECRET"));
		channel.send(this.triggered);
		assertThat(receiver.bodies("/services/ROTATED/SECRET")).hasSize(1);
		assertThat(channel.destination()).doesNotContain("ROTATED").doesNotContain("SECRET");
	}

	@Test
	void anEmailProviderWithoutAMailServerFailsAtStartUp() {
		AlertProperties.Provider provider = new AlertProperties.Provider(AlertProperties.ProviderType.EMAIL, null, null,
				null, java.util.List.of("ops@example.com"), "cairn@example.com", 20, Duration.ofSeconds(5));
		assertThatIllegalStateException()
			.isThrownBy(() -> AlertConfiguration.channel("mail", provider, new CheckSecrets(new MockEnvironment()),
					this.mapper, new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), "r1"))
			.withMessage("cairn.status.alerts.providers.mail is an e-mail provider, but no mail server is "
					+ "configured: set spring.mail.host");
	}

	@Test
	void emailIsSentOverSmtpWithTheHeadlineAsSubject() throws Exception {
		GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		smtp.start();
		try {
			smtp.setUser("cairn@example.com", "cairn", "SMTP-PASSWORD");
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost("127.0.0.1");
			sender.setPort(smtp.getSmtp().getPort());
			sender.setUsername("cairn");
			sender.setPassword("SMTP-PASSWORD");
			Properties properties = new Properties();
			properties.setProperty("mail.smtp.auth", "true");
			sender.setJavaMailProperties(properties);
			EmailAlertChannel channel = new EmailAlertChannel(sender, "cairn@example.com",
					java.util.List.of("ops@example.com", "db-team@example.com"), "e-mail to 2 recipient(s)");
			channel.send(this.triggered);
			MimeMessage[] received = smtp.getReceivedMessages();
			assertThat(received).hasSize(2);
			MimeMessage message = received[0];
			assertThat(message.getSubject())
				.isEqualTo("[Cairn] db is Critical: connection refused <!channel> & co Bcc: evil@example.com");
			assertThat(message.getFrom()[0].toString()).isEqualTo("cairn@example.com");
			assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
				.containsExactly("ops@example.com", "db-team@example.com");
			assertThat(message.getRecipients(Message.RecipientType.BCC)).isNull();
			String text = GreenMailUtil.getBody(message);
			assertThat(text).contains("Check:    db").contains("Status:   Critical").contains("Event:    triggered");
		}
		finally {
			smtp.stop();
		}
	}

}
