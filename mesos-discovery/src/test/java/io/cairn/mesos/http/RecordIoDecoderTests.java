package io.cairn.mesos.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RecordIoDecoderTests {

	private final List<String> records = new ArrayList<>();

	private final RecordIoDecoder decoder = new RecordIoDecoder(
			(record) -> this.records.add(new String(record, StandardCharsets.UTF_8)));

	@Test
	void decodesTheDocumentsExampleWhateverTheChunking() {
		String first = "{\"type\": \"SUBSCRIBED\",\"subscribed\": {\"heartbeat_interval_seconds\":15.0}}";
		String second = "{\"type\":\"HEARTBEAT\"}";
		byte[] stream = (new String(RecordIoDecoder.encode(first.getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8) + second.length() + "\n" + second)
			.getBytes(StandardCharsets.UTF_8);
		for (byte b : stream) {
			this.decoder.feed(ByteBuffer.wrap(new byte[] { b }));
		}
		this.decoder.feed(ByteBuffer.wrap(stream));
		assertThat(this.records).containsExactly(first, second, first, second);
	}

	@Test
	void countsBytesNotCharacters() {
		byte[] data = "{\"name\":\"Zürich\"}".getBytes(StandardCharsets.UTF_8);
		this.decoder.feed(ByteBuffer.wrap(RecordIoDecoder.encode(data)));
		assertThat(this.records).containsExactly("{\"name\":\"Zürich\"}");
	}

	@Test
	void refusesWhatIsNotRecordIo() {
		assertThatIllegalStateException().isThrownBy(() -> this.decoder.feed(ByteBuffer.wrap("{\"type\"".getBytes())))
			.withMessageContaining("RecordIO length");
		RecordIoDecoder fresh = new RecordIoDecoder((record) -> {
		});
		assertThatIllegalStateException().isThrownBy(() -> fresh.feed(ByteBuffer.wrap("\n".getBytes())))
			.withMessageContaining("empty");
		RecordIoDecoder huge = new RecordIoDecoder((record) -> {
		});
		assertThatIllegalStateException().isThrownBy(() -> huge.feed(ByteBuffer.wrap("99999999999\n".getBytes())))
			.withMessageContaining("longer than");
	}

}
