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
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri);
			if (stream) {
				// Streams are bounded by the JDK's own timeout (up to the headers);
				// buffered calls by
				// the watchdog, which covers the body too and, unlike a JDK request
				// timeout, does not
				// wake the client's selector thread twice per call to arm and disarm a
				// timer.
				builder.timeout(timeout);
			}
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
			HttpResponse<byte[]> response = sendWithDeadline(request, timeout);
			return new Response(response.statusCode(), response.headers().map(), new Bytes(response.body()));
		}

		/**
		 * {@code send} on the calling thread: the public {@code sendAsync} completes its
		 * future through the common pool, one more thread hand-off per call. The JDK's
		 * request timeout stops at the headers (and arming it wakes the selector thread),
		 * so the watchdog bounds the whole exchange instead.
		 */
		private HttpResponse<byte[]> sendWithDeadline(HttpRequest request, Duration timeout) throws IOException {
			Watchdog watchdog = new Watchdog(Thread.currentThread(),
					System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(250));
			IN_FLIGHT.add(watchdog);
			try {
				return ConsulHttpRequestFactory.this.httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (InterruptedException ex) {
				if (watchdog.fired()) {
					throw new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms");
				}
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while waiting for Consul");
			}
			finally {
				watchdog.disarm();
			}
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

	/**
	 * Calls in flight, checked by one daemon thread every 50 ms. Registering a call is a
	 * set insertion: no timer task and no thread wake-up per call (a scheduled task per
	 * call woke the timer thread every time and cost a context switch on small machines).
	 */
	private static final java.util.Set<Watchdog> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private static final Thread WATCHDOG_THREAD = watchdogThread();

	private static Thread watchdogThread() {
		Thread thread = new Thread(() -> {
			while (true) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
				long now = System.nanoTime();
				for (Watchdog watchdog : IN_FLIGHT) {
					if (now - watchdog.deadline > 0) {
						watchdog.fire();
					}
				}
			}
		}, "consul-http-watchdog");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/** Interrupts a call that outlives its deadline. */
	private static final class Watchdog {

		private final Thread caller;

		private final long deadline;

		private boolean fired;

		private boolean disarmed;

		Watchdog(Thread caller, long deadline) {
			this.caller = caller;
			this.deadline = deadline;
		}

		synchronized void fire() {
			if (!this.disarmed && !this.fired) {
				this.fired = true;
				this.caller.interrupt();
			}
		}

		synchronized boolean fired() {
			return this.fired;
		}

		synchronized void disarm() {
			this.disarmed = true;
			IN_FLIGHT.remove(this);
			if (this.fired) {
				// The deadline passed as the call ended: do not leave the interrupt
				// behind.
				Thread.interrupted();
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
