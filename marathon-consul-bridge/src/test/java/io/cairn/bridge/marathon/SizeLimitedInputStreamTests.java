package io.cairn.bridge.marathon;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bound on Marathon's answers: up to the limit a body reads as it is, one byte more
 * fails (rather than ends, which would read as a shorter answer), whichever way it is
 * read, and stays failed.
 */
class SizeLimitedInputStreamTests {

	private static InputStream limited(int size, long limit) {
		return new SizeLimitedInputStream(new ByteArrayInputStream(new byte[size]), limit);
	}

	@Test
	void aBodyOfTheLimitReadsWhole() throws IOException {
		assertThat(limited(100, 100).readAllBytes()).hasSize(100);
		try (InputStream in = limited(3, 3)) {
			assertThat(in.read()).isZero();
			assertThat(in.skip(2)).isEqualTo(2);
			assertThat(in.read()).isEqualTo(-1);
			assertThat(in.markSupported()).isFalse();
		}
	}

	@Test
	void oneByteMoreFailsWhicheverWayItIsRead() throws IOException {
		assertThatExceptionOfType(SizeLimitedInputStream.TooLargeException.class)
			.isThrownBy(() -> limited(101, 100).readAllBytes())
			.withMessage("answer larger than 100 bytes")
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(100));
		InputStream bytes = limited(2, 1);
		assertThat(bytes.read()).isZero();
		assertThatExceptionOfType(SizeLimitedInputStream.TooLargeException.class).isThrownBy(bytes::read);
		// Once over, every read fails: nothing after the limit is taken for the end.
		assertThatExceptionOfType(SizeLimitedInputStream.TooLargeException.class).isThrownBy(bytes::read);
		assertThatExceptionOfType(SizeLimitedInputStream.TooLargeException.class)
			.isThrownBy(() -> limited(10, 5).skip(10));
	}

}
