package io.cairn.consul.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * {@link Http} on the JDK's {@link HttpClient} (HTTP/1.1, no redirects, the JVM's proxy
 * selector, the client's TLS context with host name verification). Each exchange is one
 * future that completes when the whole body is in, so one wait bounds the exchange, body
 * included, and an interrupt of the caller cancels it; the body is collected up to the
 * call's maximum and the exchange is cancelled past it.
 */
final class JdkHttp implements Http {

	private final HttpClient client;

	private final boolean owned;

	/**
	 * Exchange through a client.
	 * @param client the JDK client
	 * @param owned whether {@link #close()} closes it ({@code false} for a client shared
	 * between several {@code Consul} clients, which its owner closes)
	 */
	JdkHttp(HttpClient client, boolean owned) {
		this.client = client;
		this.owned = owned;
	}

	/**
	 * A JDK client set up as Consul's API needs: HTTP/1.1, no redirects, the connect
	 * timeout and TLS context given.
	 * @param connectTimeout the connect (and TLS handshake) timeout
	 * @param sslContext the TLS context, or {@code null} for the JVM's
	 * @return a new client, with its own selector thread
	 */
	static HttpClient newClient(Duration connectTimeout, @Nullable SSLContext sslContext) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER);
		if (sslContext != null) {
			builder.sslContext(sslContext);
		}
		return builder.build();
	}

	@Override
	public Answer exchange(Call call) throws IOException {
		HttpResponse<byte[]> response = await(
				this.client.sendAsync(request(call), (info) -> new BoundedBody(info, call.maxAnswerSize())), call);
		return new Answer(response.statusCode(), headers(response), response.body());
	}

	@Override
	public Streamed stream(Call call) throws IOException {
		HttpResponse<InputStream> response = await(
				this.client.sendAsync(request(call), HttpResponse.BodyHandlers.ofInputStream()), call);
		return new Streamed(response.statusCode(), headers(response), response.body());
	}

	@Override
	public void close() {
		// HttpClient is AutoCloseable from JDK 21 on; before, its connections go with it.
		// A shared client is its owner's to close.
		if (this.owned && this.client instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// nothing left to release
			}
		}
	}

	private static HttpRequest request(Call call) {
		// No HttpRequest timeout: the wait for the future bounds the whole exchange (a
		// request timeout would only bound the head, and costs a timer per call).
		HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri());
		List<String> headers = call.headers();
		for (int i = 0; i < headers.size(); i += 2) {
			builder.header(headers.get(i), headers.get(i + 1));
		}
		byte[] body = call.body();
		if (body != null && call.contentType() != null) {
			builder.header("Content-Type", call.contentType());
		}
		return builder
			.method(call.method(),
					(body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody())
			.build();
	}

	/**
	 * Header lookups on the JDK's map (case-insensitive) itself: {@code firstValue} makes
	 * a stream and an {@code Optional} per lookup, 8 % of the bytes of a KV read.
	 */
	private static Headers headers(HttpResponse<?> response) {
		Map<String, List<String>> map = response.headers().map();
		return (name) -> first(map, name);
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static <T> T await(CompletableFuture<T> future, Call call) throws IOException {
		try {
			return future.get(call.timeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new HttpTimeoutException("request timed out after " + call.timeout().toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting for Consul");
		}
		catch (CancellationException ex) {
			throw new InterruptedIOException("request cancelled");
		}
		catch (ExecutionException ex) {
			throw unwrap(ex.getCause());
		}
	}

	private static IOException unwrap(@Nullable Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof UncheckedIOException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof IOException io) {
			return io;
		}
		if (cause instanceof RuntimeException runtime) {
			throw runtime;
		}
		return new IOException(cause);
	}

	/**
	 * Collects a body up to a maximum; a longer one, announced or sent, cancels the
	 * exchange (which closes its connection) with an {@link AnswerTooLargeException}.
	 */
	private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> body = new CompletableFuture<>();

		private final List<ByteBuffer> received = new ArrayList<>();

		private final long announced;

		private final long limit;

		private long size;

		private Flow.@Nullable Subscription subscription;

		BoundedBody(HttpResponse.ResponseInfo info, long limit) {
			String length = first(info.headers().map(), "Content-Length");
			this.announced = (length != null) ? parseLength(length) : -1;
			this.limit = limit;
		}

		private static long parseLength(String length) {
			try {
				return Long.parseLong(length.trim());
			}
			catch (NumberFormatException ex) {
				// the client refuses such an answer itself
				return -1;
			}
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.announced > this.limit) {
				tooLarge();
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.body.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				this.size += buffer.remaining();
			}
			if (this.size > this.limit) {
				this.received.clear();
				tooLarge();
				return;
			}
			this.received.addAll(buffers);
		}

		private void tooLarge() {
			this.body.completeExceptionally(new AnswerTooLargeException(this.limit));
			if (this.subscription != null) {
				this.subscription.cancel();
			}
		}

		@Override
		public void onError(Throwable failure) {
			this.body.completeExceptionally(failure);
		}

		@Override
		public void onComplete() {
			byte[] bytes = new byte[(int) this.size];
			int at = 0;
			for (ByteBuffer buffer : this.received) {
				int length = buffer.remaining();
				buffer.get(bytes, at, length);
				at += length;
			}
			this.received.clear();
			this.body.complete(bytes);
		}

	}

}
