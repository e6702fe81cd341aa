package io.cairn.status.push;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.ExtendedChecksTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating a pushed check's token: a new token shown once and stored hashed, the old one
 * refused at once, the latest report kept; only the write token may rotate.
 */
class PushTokenRotationTests extends ExtendedChecksTestSupport {

	private static final String OK = "{\"status\": \"OK\", \"message\": \"done\"}";

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRotatedTokenReplacesTheOldOneAtOnceAndKeepsTheLastReport() {
		String old = PushCheckTests.token(write("/checks", "{\"id\": \"nightly\", \"push\": {\"ttl\": \"25h\"}}"));
		assertThat(postAs("/checks/nightly/report", old, OK).statusCode()).isEqualTo(200);
		awaitTrue(() -> this.live.get("nightly").state().status() == CheckStatus.OK);

		HttpResponse<String> rotated = write("/checks/nightly/push-token", "");
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		assertThat(rotated.headers().firstValue("Cache-Control")).hasValue("no-store");
		String fresh = PushCheckTests.token(rotated);
		assertThat(fresh).isNotEqualTo(old).startsWith(PushReports.TOKEN_PREFIX);
		assertThat(this.jdbc.sql("SELECT token_hash FROM status_push WHERE check_id = 'nightly'")
			.query(String.class)
			.single()).isEqualTo(PushReports.hash(fresh));
		// the report taken before the rotation still holds
		assertThat(this.jdbc.sql("SELECT message FROM status_push WHERE check_id = 'nightly'")
			.query(String.class)
			.single()).isEqualTo("done");
		assertThat(this.http.get("/checks/nightly").body()).doesNotContain(fresh).doesNotContain("pushToken");

		assertThat(postAs("/checks/nightly/report", old, OK).statusCode()).isEqualTo(401);
		assertThat(postAs("/checks/nightly/report", fresh, OK).statusCode()).isEqualTo(200);
	}

	@Test
	void onlyTheWriteTokenRotatesAndOnlyPushedChecksHaveTokens() {
		String token = PushCheckTests.token(write("/checks", "{\"id\": \"job\", \"push\": {\"ttl\": \"5m\"}}"));
		assertThat(postAs("/checks/job/push-token", token, "").statusCode()).isEqualTo(401);
		assertThat(postAs("/checks/job/push-token", null, "").statusCode()).isEqualTo(401);
		// refused rotations left the token as it was
		assertThat(postAs("/checks/job/report", token, OK).statusCode()).isEqualTo(200);

		assertThat(write("/checks/nobody/push-token", "").statusCode()).isEqualTo(404);
		assertThat(write("/checks", "{\"id\": \"polled\", \"url\": \"" + server.url("/polled") + "\"}").statusCode())
			.isEqualTo(201);
		assertThat(write("/checks/polled/push-token", "").statusCode()).isEqualTo(409);
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM status_push WHERE check_id = 'polled'").query(Long.class).single())
			.isZero();
	}

}
