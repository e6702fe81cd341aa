package io.cairn.consul;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.CollectionUtils;

/**
 * RestClient's request factory over the JDK {@link HttpClient}, with what Spring's
 * {@code JdkClientHttpRequestFactory} lacks for Consul: a timeout per request (a blocking
 * query needs {@code wait + wait/16 + margin}, a KV read a few seconds), taken from the
 * request attribute {@link #TIMEOUT}, and one timeout that covers the whole exchange,
 * body included, so that a server that sends headers and then stalls cannot hang a
 * caller. Bodies are sent from the buffered bytes, without a publishing thread.
 */
final class ConsulHttpRequestFactory implements ClientHttpRequestFactory {

	/** Request attribute: the {@link Duration} the whole exchange may take. */
	static final String TIMEOUT = ConsulHttpRequestFactory.class.getName() + ".timeout";

	/**
	 * Request attribute: {@code Boolean.TRUE} to stream the body instead of buffering it.
	 */
	static final String STREAM = ConsulHttpRequestFactory.class.getName() + ".stream";

	private static final Set<String> RESTRICTED = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	static {
		RESTRICTED.addAll(List.of("connection", "content-length", "expect", "host", "upgrade"));
	}

	private final HttpClient httpClient;

	private final Duration defaultTimeout;

	ConsulHttpRequestFactory(HttpClient httpClient, Duration defaultTimeout) {
		this.httpClient = httpClient;
		this.defaultTimeout = defaultTimeout;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
		return new Exchange(uri, method);
	}

	private final class Exchange extends AbstractBufferingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		Exchange(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
			Map<String, Object> attributes = getAttributes();
			Duration timeout = (attributes.get(TIMEOUT) instanceof Duration d) ? d
					: ConsulHttpRequestFactory.this.defaultTimeout;
			boolean stream = Boolean.TRUE.equals(attributes.get(STREAM));
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri).timeout(timeout);
			headers.forEach((name, values) -> {
				if (!RESTRICTED.contains(name)) {
					for (String value : values) {
						builder.header(name, value);
					}
				}
			});
			builder.method(this.method.name(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
			HttpRequest request = builder.build();
			if (stream) {
				HttpResponse<InputStream> response = await(ConsulHttpRequestFactory.this.httpClient.sendAsync(request,
						HttpResponse.BodyHandlers.ofInputStream()), timeout);
				return new Response(response.statusCode(), response.headers().map(), response.body());
			}
			HttpResponse<byte[]> response = await(ConsulHttpRequestFactory.this.httpClient.sendAsync(request,
					HttpResponse.BodyHandlers.ofByteArray()), timeout);
			return new Response(response.statusCode(), response.headers().map(), new Bytes(response.body()));
		}

		private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, Duration timeout)
				throws IOException {
			try {
				// The JDK's request timeout stops at the headers; this bound covers the
				// body too.
				return future.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				future.cancel(true);
				throw new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms");
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
		}

	}

	/** A buffered body whose bytes can be taken without a copy. */
	static final class Bytes extends ByteArrayInputStream {

		Bytes(byte[] bytes) {
			super(bytes);
		}

		byte[] bytes() {
			return this.buf;
		}

	}

	private static final class Response implements ClientHttpResponse {

		private final int status;

		private final Map<String, List<String>> headers;

		private final InputStream body;

		Response(int status, Map<String, List<String>> headers, InputStream body) {
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
