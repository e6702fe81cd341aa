package io.cairn.status.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import io.cairn.status.testsupport.AppTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check-status} against the running app: Monitoring Plugins exit codes, one line
 * of text and performance data.
 */
class CheckStatusCommandTests extends AppTestSupport {

	@Test
	void exitCodesFollowTheAggregate() {
		assertThat(run()).isEqualTo("3 UNKNOWN - No checks are registered! | checks=0;;;0 problems=0;;;0 ok=0;;;0 "
				+ "warning=0;;;0 critical=0;;;0 unknown=0;;;0");
		this.http.post("/check/add", "{\"id\": \"ok\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		awaitPolled("ok");
		assertThat(run()).startsWith("0 OK - Everything is OK! | checks=1;;;0 problems=0;;;0 ok=1;;;0");
		this.http.post("/check/add", "{\"id\": \"w\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		awaitPolled("w");
		assertThat(run()).startsWith("1 WARNING - w:Warning:Houston, I think we have a problem. | checks=2;;;0");
		this.http.post("/check/add", "{\"id\": \"c\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		awaitPolled("c");
		assertThat(run()).startsWith("2 CRITICAL - w:Warning:")
			.endsWith("| checks=3;;;0 problems=2;;;0 ok=1;;;0 warning=1;;;0 critical=1;;;0 unknown=0;;;0");
		assertThat(run("--check", "ok")).startsWith("0 OK - ok: Everything is groovy | latency=");
		assertThat(run("-C", "ok")).startsWith("0 OK - ok: Everything is groovy");
		assertThat(run("--check", "nope")).startsWith("3 UNKNOWN - no check 'nope'");
	}

	@Test
	void thresholdsJudgeHowManyChecksAreNotOk() {
		this.http.post("/check/add", "{\"id\": \"ok\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		this.http.post("/check/add", "{\"id\": \"w\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		this.http.post("/check/add", "{\"id\": \"c\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		awaitPolled("ok");
		awaitPolled("w");
		awaitPolled("c");
		assertThat(run("-w", "5", "-c", "10")).startsWith("0 OK - 2 of 3 checks not OK: w:Warning:")
			.contains("| checks=3;;;0 problems=2;5;10;0");
		assertThat(run("-w", "1", "-c", "10")).startsWith("1 WARNING - 2 of 3 checks not OK");
		assertThat(run("-w", "0", "-c", "1")).startsWith("2 CRITICAL - 2 of 3 checks not OK");
		assertThat(run("-w", "@2:2")).startsWith("1 WARNING - 2 of 3 checks not OK");
		assertThat(run("-C", "ok", "-w", "~:-1")).as("a latency can never be below -1 ms: always WARNING")
			.startsWith("1 WARNING - ok: Everything is groovy | latency=");
	}

	@Test
	void helpVersionAndUsageErrorsAreUnknownNeverOk() {
		StringWriter help = new StringWriter();
		assertThat(CheckStatusCommand.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "--help"))
			.isEqualTo(3);
		assertThat(help.toString()).contains("--warning", "--critical", "--check", "--timeout", "--version");
		StringWriter version = new StringWriter();
		assertThat(CheckStatusCommand.run(new PrintWriter(version), new PrintWriter(new StringWriter()), "-V"))
			.isEqualTo(3);
		assertThat(version.toString()).startsWith("check-status (status-aggregator) ").doesNotEndWith(") \n");
		StringWriter usage = new StringWriter();
		assertThat(CheckStatusCommand.run(new PrintWriter(usage), new PrintWriter(new StringWriter()), "-c", "db"))
			.as("-c is the critical threshold, as in every plugin, not a check name")
			.isEqualTo(3);
		assertThat(usage.toString()).startsWith("UNKNOWN - ").contains("threshold range");
		assertThat(CheckStatusCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
				"--bogus"))
			.isEqualTo(3);
		assertThat(CheckStatusCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
				"--timeout", "0"))
			.isEqualTo(3);
	}

	@Test
	void unreachableAggregatorIsUnknown() {
		StringWriter out = new StringWriter();
		int code = CheckStatusCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--url",
				"http://127.0.0.1:1", "--timeout", "2");
		assertThat(code).isEqualTo(3);
		assertThat(out.toString()).startsWith("UNKNOWN - cannot read http://127.0.0.1:1/checks");
	}

	@Test
	void aMegaphoneServerIsJudgedByItsStatus() throws Exception {
		HttpServer megaphone = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		megaphone.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestURI().getPath().equals("/status")
					? "{\"status\": \"Warning\", \"message\": \"db:Warning:slow\", \"date\": \"x\"}"
						.getBytes(StandardCharsets.UTF_8)
					: "<h1>Not Found</h1>".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/status") ? 200 : 404, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		megaphone.start();
		try {
			String url = "http://127.0.0.1:" + megaphone.getAddress().getPort();
			StringWriter out = new StringWriter();
			assertThat(CheckStatusCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-u", url))
				.isEqualTo(1);
			assertThat(out.toString().trim()).isEqualTo("WARNING - db:Warning:slow");
			assertThat(CheckStatusCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
					"-u", url, "-w", "1"))
				.as("thresholds need counts, which Megaphone does not give")
				.isEqualTo(3);
		}
		finally {
			megaphone.stop(0);
		}
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
