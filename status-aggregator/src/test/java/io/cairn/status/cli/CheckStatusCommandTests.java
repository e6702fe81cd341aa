package io.cairn.status.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import io.cairn.status.testsupport.AppTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check-status} against the running app: Nagios exit codes and one line of text.
 */
class CheckStatusCommandTests extends AppTestSupport {

	@Test
	void exitCodesFollowTheAggregate() {
		assertThat(run()).isEqualTo("3 UNKNOWN - No checks are registered!");
		this.http.post("/check/add", "{\"id\": \"ok\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		awaitPolled("ok");
		assertThat(run()).isEqualTo("0 OK - Everything is OK!");
		this.http.post("/check/add", "{\"id\": \"w\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		awaitPolled("w");
		assertThat(run()).isEqualTo("1 WARNING - w:Warning:Houston, I think we have a problem.");
		this.http.post("/check/add", "{\"id\": \"c\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		awaitPolled("c");
		assertThat(run()).startsWith("2 CRITICAL - w:Warning:");
		assertThat(run("--check", "ok")).isEqualTo("0 OK - ok: Everything is groovy");
		assertThat(run("--check", "nope")).startsWith("3 UNKNOWN - no check 'nope'");
	}

	@Test
	void unreachableAggregatorIsUnknown() {
		StringWriter out = new StringWriter();
		int code = CheckStatusCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--url",
				"http://127.0.0.1:1", "--timeout", "2");
		assertThat(code).isEqualTo(3);
		assertThat(out.toString()).startsWith("UNKNOWN - cannot read http://127.0.0.1:1/status");
		assertThat(CheckStatusCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
				"--bogus"))
			.isEqualTo(3);
	}

	private String run(String... extra) {
		String[] args = new String[extra.length + 2];
		args[0] = "--url";
		args[1] = "http://127.0.0.1:" + this.port;
		System.arraycopy(extra, 0, args, 2, extra.length);
		StringWriter out = new StringWriter();
		int code = CheckStatusCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
		return code + " " + out.toString().trim();
	}

}
