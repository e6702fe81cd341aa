package io.cairn.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Findings of the security review against the client, one test per reproduction.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientAbuseTests {

	private static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	@Test
	void l5AnAnswerStreamedForeverIsCutOffAtTheMaximumSize() throws Exception {
		// A fake agent that answers GET /v1/kv/x with chunks for as long as anyone reads.
		AtomicLong sent = new AtomicLong();
		byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
			while (true) {
				write(out, Integer.toHexString(chunk.length) + "\r\n");
				out.write(chunk);
				write(out, "\r\n");
				out.flush();
				sent.addAndGet(chunk.length);
			}
		});
				Consul consul = Consul.builder()
					.address(server.address())
					.maxAnswerSize(DataSize.ofMegabytes(1))
					.readTimeout(Duration.ofSeconds(30))
					.build()) {
			assertThatThrownBy(() -> consul.kv().get("x")).isInstanceOfSatisfying(ConsulAnswerTooLargeException.class,
					(ex) -> {
						assertThat(ex.limit()).isEqualTo(1024 * 1024);
						assertThat(ex.isTimeout()).isFalse();
						assertThat(ex.getMessage()).contains("larger than 1048576 bytes");
					});
			// The client closed the connection: the agent's writes stop once the socket
			// buffers are full.
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
				long before = sent.get();
				Thread.sleep(500);
				return sent.get() == before;
			});
			assertThat(sent.get()).as("bytes sent before the client stopped reading")
				.isLessThan(DataSize.ofMegabytes(64).toBytes());
		}
	}

	@Test
	void l5AnAnnouncedLengthOverTheMaximumIsRefusedBeforeReading() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n[]");
			out.flush();
			return false;
		}); Consul consul = Consul.builder().address(server.address()).build()) {
			assertThatThrownBy(() -> consul.kv().get("x")).isInstanceOfSatisfying(ConsulAnswerTooLargeException.class,
					(ex) -> assertThat(ex.limit()).isEqualTo(Consul.DEFAULT_MAX_ANSWER_SIZE.toBytes()));
		}
	}

	@Test
	void l5AnAnswerAtTheMaximumIsRead() throws Exception {
		String value = "v".repeat(600);
		String body = "[{\"Key\":\"x\",\"Value\":\""
				+ java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
				+ "\",\"CreateIndex\":5,\"ModifyIndex\":7}]";
		String padded = body + " ".repeat(1024 - body.length());
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			ScriptedHttpServer.json(out, padded);
			return true;
		}); Consul consul = Consul.builder().address(server.address()).maxAnswerSize(DataSize.ofKilobytes(1)).build()) {
			assertThat(consul.kv().getString("x")).contains(value);
		}
	}

}
