package io.cairn.status.push;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.testsupport.ExtendedChecksTestSupport;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushed checks: a token shown once and stored hashed, reports that set the state, the
 * TTL that turns a silent check Critical or Unknown, and reports refused when they are
 * not the check's.
 */
class PushCheckTests extends ExtendedChecksTestSupport {

	private static final Pattern TOKEN = Pattern.compile("\"pushToken\":\"([^\"]+)\"");

	@Autowired
	JdbcClient jdbc;

	static String token(HttpResponse<String> created) {
		Matcher matcher = TOKEN.matcher(created.body());
		assertThat(matcher.find()).as(created.body()).isTrue();
		return matcher.group(1);
	}

	private long reports(String id) {
		return this.jdbc.sql("SELECT count(*) FROM status_push WHERE reported_at IS NOT NULL AND check_id = :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

	private TrackedCheck awaitStatus(String id, CheckStatus status) {
		return await(() -> {
			TrackedCheck check = this.live.get(id);
			return (check != null && check.state().polledAt() != null && check.state().status() == status) ? check
					: null;
		});
	}

	@Test
	void aReportSetsTheStateAndSilenceBeyondTheTtlTurnsItCritical() {
		HttpResponse<String> created = write("/checks", "{\"id\": \"backup\", \"push\": {\"ttl\": \"90s\"}}");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"kind\":\"push\"").contains("\"ttlSeconds\":90");
		String token = token(created);
		assertThat(this.http.get("/checks/backup").body()).doesNotContain("pushToken").doesNotContain(token);
		assertThat(this.jdbc.sql("SELECT token_hash FROM status_push WHERE check_id = 'backup'")
			.query(String.class)
			.single()).isEqualTo(PushReports.hash(token)).doesNotContain(token);
		awaitStatus("backup", CheckStatus.UNKNOWN);

		HttpResponse<String> reported = postAs("/checks/backup/report", token,
				"{\"status\": \"OK\", \"message\": \"nightly backup done\"}");
		assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
		TrackedCheck ok = awaitStatus("backup", CheckStatus.OK);
		assertThat(ok.state().message()).isEqualTo("nightly backup done");

		TestBeans.CLOCK.advance(Duration.ofSeconds(91));
		this.checks.pollNow("backup");
		TrackedCheck expired = awaitStatus("backup", CheckStatus.CRITICAL);
		assertThat(expired.state().message()).startsWith("No report within 90s");

		assertThat(
				postAs("/checks/backup/report", token, "{\"status\": \"warning\", \"message\": \"slow\"}").statusCode())
			.isEqualTo(200);
		assertThat(awaitStatus("backup", CheckStatus.WARNING).state().message()).isEqualTo("slow");
	}

	@Test
	void silenceCanTurnACheckUnknownInstead() {
		HttpResponse<String> created = write("/checks",
				"{\"id\": \"cron\", \"push\": {\"ttl\": 60, \"onExpiry\": \"Unknown\"}}");
		assertThat(created.statusCode()).isEqualTo(201);
		String token = token(created);
		assertThat(postAs("/checks/cron/report", token, "{\"status\": \"Critical\", \"message\": \"failed\"}")
			.statusCode()).isEqualTo(200);
		awaitStatus("cron", CheckStatus.CRITICAL);
		TestBeans.CLOCK.advance(Duration.ofSeconds(61));
		this.checks.pollNow("cron");
		assertThat(awaitStatus("cron", CheckStatus.UNKNOWN).state().message()).startsWith("No report within 60s");
	}

	@Test
	void reportsWithAnotherChecksTokenOrNoneAreRefusedAndTheWriteTokenIsAccepted() {
		String mine = token(write("/checks", "{\"id\": \"mine\", \"push\": {\"ttl\": \"5m\"}}"));
		String theirs = token(write("/checks", "{\"id\": \"theirs\", \"push\": {\"ttl\": \"5m\"}}"));
		assertThat(mine).isNotEqualTo(theirs);
		String report = "{\"status\": \"OK\"}";
		assertThat(postAs("/checks/mine/report", theirs, report).statusCode()).isEqualTo(401);
		assertThat(postAs("/checks/mine/report", "cairn_push_guessed", report).statusCode()).isEqualTo(401);
		assertThat(postAs("/checks/mine/report", null, report).statusCode()).isEqualTo(401);
		assertThat(postAs("/checks/nobody/report", mine, report).statusCode()).isEqualTo(401);
		assertThat(reports("mine")).isZero();
		assertThat(write("/checks/mine/report", report).statusCode()).isEqualTo(200);
		assertThat(write("/checks/nobody/report", report).statusCode()).isEqualTo(404);
	}

	@Test
	void reportsAreValidatedAndRefusedForChecksThatAreNotPushed() {
		String token = token(write("/checks", "{\"id\": \"strict\", \"push\": {\"ttl\": \"5m\"}}"));
		assertThat(write("/checks", "{\"id\": \"polled\", \"url\": \"" + server.url("/polled") + "\"}").statusCode())
			.isEqualTo(201);
		HttpResponse<String> notPushed = write("/checks/polled/report", "{\"status\": \"OK\"}");
		assertThat(notPushed.statusCode()).isEqualTo(409);
		String[][] bad = { { "{\"status\": \"Fine\"}", "status" }, { "{\"message\": \"no status\"}", "status" },
				{ "{\"status\": 0}", "status" },
				{ "{\"status\": \"OK\", \"message\": \"" + "m".repeat(1025) + "\"}", "message" },
				{ "{\"status\": \"OK\", \"message\": \"a\\u0000b\"}", "message" },
				{ "{\"status\": \"OK\", \"extra\": 1}", "extra" } };
		for (String[] one : bad) {
			HttpResponse<String> answer = postAs("/checks/strict/report", token, one[0]);
			assertThat(answer.statusCode()).as(one[0]).isEqualTo(400);
			assertThat(answer.body()).as(one[0]).contains("\"field\":\"" + one[1] + "\"");
		}
		assertThat(reports("strict")).isZero();
	}

	@Test
	void pushSettingsOutOfRangeAre400sNamingTheField() {
		String[][] bad = { { "{\"id\": \"p\", \"push\": {\"ttl\": \"5s\"}}", "push.ttl" },
				{ "{\"id\": \"p\", \"push\": {\"ttl\": \"8d\"}}", "push.ttl" },
				{ "{\"id\": \"p\", \"push\": {\"ttl\": -1}}", "push.ttl" },
				{ "{\"id\": \"p\", \"push\": {\"ttl\": \"soon\"}}", "push.ttl" },
				{ "{\"id\": \"p\", \"push\": {}}", "push.ttl" },
				{ "{\"id\": \"p\", \"push\": {\"ttl\": \"1m\", \"onExpiry\": \"OK\"}}", "push.onExpiry" },
				{ "{\"id\": \"p\", \"push\": {\"ttl\": \"1m\", \"then\": 1}}", "push.then" },
				{ "{\"id\": \"p\", \"push\": 5}", "push" },
				{ "{\"id\": \"p\", \"url\": \"" + server.url("/p") + "\", \"push\": {\"ttl\": \"1m\"}}", "push" },
				{ "{\"id\": \"p\", \"push\": {\"ttl\": \"1m\"}, \"conditions\": [\"[STATUS] == 200\"]}", "push" },
				{ "{\"id\": \"p\", \"url\": \"push\"}", "push" } };
		for (String[] one : bad) {
			HttpResponse<String> answer = write("/checks", one[0]);
			assertThat(answer.statusCode()).as(one[0]).isEqualTo(400);
			assertThat(answer.body()).as(one[0]).contains("\"field\":\"" + one[1] + "\"");
		}
		assertThat(this.live.get("p")).isNull();
	}

}
