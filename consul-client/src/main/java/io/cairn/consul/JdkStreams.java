package io.cairn.consul;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.CollectionUtils;

/**
 * Streamed answers (the agent's log monitor, snapshot saves) on the JDK
 * {@link HttpClient}: the caller reads such a body for a long time and may close it from
 * another thread at any moment, which ends the exchange at once here (a blocked
 * {@code HttpURLConnection} read cannot be ended that way). The client, and its selector
 * thread, exist only once a stream was asked for.
 */
final class JdkStreams {

	private static final Set<String> RESTRICTED = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	static {
		RESTRICTED.addAll(List.of("connection", "content-length", "expect", "host", "upgrade"));
	}

	private final Duration connectTimeout;

	private final @Nullable SSLContext sslContext;

	private final boolean systemProxies;

	private volatile @Nullable HttpClient client;

	JdkStreams(Duration connectTimeout, @Nullable SSLContext sslContext, boolean systemProxies) {
		this.connectTimeout = connectTimeout;
		this.sslContext = sslContext;
		this.systemProxies = systemProxies;
	}

	private HttpClient client() {
		HttpClient http = this.client;
		if (http == null) {
			synchronized (this) {
				http = this.client;
				if (http == null) {
					HttpClient.Builder builder = HttpClient.newBuilder()
						.version(HttpClient.Version.HTTP_1_1)
						.connectTimeout(this.connectTimeout)
						.followRedirects(HttpClient.Redirect.NEVER);
					if (this.sslContext != null) {
						builder.sslContext(this.sslContext);
					}
					if (!this.systemProxies) {
						builder.proxy(HttpClient.Builder.NO_PROXY);
					}
					http = builder.build();
					this.client = http;
				}
			}
		}
		return http;
	}

	/**
	 * Send a request and return its answer once the headers are in; the body is read by
	 * the caller. The timeout bounds the wait for the headers.
	 */
	ClientHttpResponse execute(URI uri, HttpMethod method, HttpHeaders headers,
			StreamingHttpOutputMessage.@Nullable Body body, Duration timeout) throws IOException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
		headers.forEach((name, values) -> {
			if (!RESTRICTED.contains(name)) {
				for (String value : values) {
					builder.header(name, value);
				}
			}
		});
		HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
		if (body != null) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			body.writeTo(bytes);
			publisher = HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray());
		}
		builder.method(method.name(), publisher);
		CompletableFuture<HttpResponse<InputStream>> future = client().sendAsync(builder.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		HttpResponse<InputStream> response;
		try {
			response = future.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw ConsulHttpRequestFactory.timedOut(timeout, null);
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
			Throwable cause = ex.getCause();
			if (cause instanceof UncheckedIOException unchecked) {
				throw unchecked.getCause();
			}
			if (cause instanceof IOException io) {
				throw io;
			}
			throw new IOException(cause);
		}
		return new Streamed(response.statusCode(), response.headers().map(), response.body());
	}

	private static final class Streamed implements ClientHttpResponse {

		private final int status;

		private final Map<String, List<String>> headers;

		private final InputStream body;

		Streamed(int status, Map<String, List<String>> headers, InputStream body) {
			this.status = status;
			this.headers = headers;
			this.body = body;
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.status);
		}

		@Override
		public String getStatusText() {
			return "";
		}

		@Override
		public HttpHeaders getHeaders() {
			// The JDK's header map is already case-insensitive and read-only: wrap, do
			// not copy.
			return new HttpHeaders(CollectionUtils.toMultiValueMap(this.headers));
		}

		@Override
		public InputStream getBody() {
			return this.body;
		}

		@Override
		public void close() {
			try {
				this.body.close();
			}
			catch (IOException ex) {
				// nothing to do: the exchange is over
			}
		}

	}

}
