package io.cairn.bridge.event;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-Sent Events framing as the HTML standard defines it, and Marathon's example
 * stream byte for byte.
 */
class SseParserTests {

	private final List<String> events = new ArrayList<>();

	private final List<String> comments = new ArrayList<>();

	private final List<String> oversized = new ArrayList<>();

	private void parse(String stream, int maxSize) throws IOException {
		new SseParser(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), maxSize,
				new SseParser.Listener() {

					@Override
					public void onEvent(@Nullable String type, String data) {
						SseParserTests.this.events.add(type + "|" + data);
					}

					@Override
					public void onComment(String text) {
						SseParserTests.this.comments.add(text);
					}

					@Override
					public void onOversized(@Nullable String type) {
						SseParserTests.this.oversized.add(String.valueOf(type));
					}

				})
			.run();
	}

	@Test
	void marathonsExampleStream() throws IOException {
		// shared/reference/marathon/example-v2-events-sse.md, including its trailing
		// blank lines.
		parse("event: event_stream_attached\n"
				+ "data: {\"remoteAddress\":\"0:0:0:0:0:0:0:1\",\"eventType\":\"event_stream_attached\"}\n\n"
				+ "event: status_update_event\n"
				+ "data: {\"taskId\":\"test-app.5dd78972\",\"taskStatus\":\"TASK_RUNNING\",\"appId\":\"/test-app\"}\n\n\n",
				1024);
		assertThat(this.events).containsExactly(
				"event_stream_attached|{\"remoteAddress\":\"0:0:0:0:0:0:0:1\",\"eventType\":\"event_stream_attached\"}",
				"status_update_event|{\"taskId\":\"test-app.5dd78972\",\"taskStatus\":\"TASK_RUNNING\",\"appId\":\"/test-app\"}");
	}

	@Test
	void crLfAndCrLineEndsMultiLineDataCommentsAndOtherFields() throws IOException {
		parse(":\r\n: heartbeat\r\nid: 7\rretry: 100\revent:x\rdata:a\r\ndata: b\ndata\n\n"
				+ "data: no type\n\nevent: empty\n\n", 1024);
		assertThat(this.events).containsExactly("x|a\nb\n", "null|no type");
		assertThat(this.comments).containsExactly("", " heartbeat");
	}

	@Test
	void anEventOverTheLimitIsReportedNotDelivered() throws IOException {
		String big = "x".repeat(200);
		parse("event: big\ndata: " + big + "\n\nevent: small\ndata: ok\n\nevent: split\ndata: " + "y".repeat(60)
				+ "\ndata: " + "y".repeat(60) + "\n\n", 100);
		assertThat(this.events).containsExactly("small|ok");
		assertThat(this.oversized).containsExactly("big", "split");
	}

	@Test
	void multiByteCharactersSurvive() throws IOException {
		parse("event: e\ndata: {\"label\":\"caf\u00e9 \u2603\"}\n\n", 1024);
		assertThat(this.events).containsExactly("e|{\"label\":\"caf\u00e9 \u2603\"}");
	}

}
