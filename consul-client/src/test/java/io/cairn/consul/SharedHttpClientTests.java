package io.cairn.consul;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several {@code Consul} clients on one JDK {@code HttpClient}: every call goes through
 * it, and closing a client leaves it to its owner.
 */
class SharedHttpClientTests {

	private static ConsulSimulator simulator;

	@BeforeAll
	static void start() {
		simulator = ConsulSimulator.start();
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void clientsBuiltOnASharedHttpClientSendThroughItAndDoNotCloseIt() {
		Consul.Builder builder = Consul.builder().address(simulator.address());
		CountingHttpClient shared = new CountingHttpClient(builder.buildHttpClient());
		List<Consul> clients = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			clients.add(Consul.builder().address(simulator.address()).httpClient(shared).build());
		}
		for (int i = 0; i < clients.size(); i++) {
			clients.get(i).kv().put("shared/" + i, "v" + i);
		}
		assertThat(shared.sent.get()).as("every call went through the shared client").isEqualTo(3);
		clients.get(0).close();
		assertThat(shared.closed).as("a client does not close what it does not own").isFalse();
		assertThat(clients.get(1).kv().getString("shared/0")).contains("v0");
		assertThat(shared.sent.get()).isEqualTo(4);
		clients.forEach(Consul::close);
		assertThat(shared.closed).isFalse();
	}

	@Test
	void aClientThatFollowsRedirectsOrSpeaksHttp2IsRefused() {
		assertThatThrownBy(() -> Consul.builder().httpClient(HttpClient.newBuilder().build()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("HTTP/1.1");
		assertThatThrownBy(() -> Consul.builder()
			.httpClient(HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NORMAL)
				.build()))
			.isInstanceOf(IllegalArgumentException.class);
		HttpClient built = Consul.builder().connectTimeout(Duration.ofSeconds(2)).buildHttpClient();
		assertThat(built.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
		assertThat(built.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
		assertThat(built.connectTimeout()).contains(Duration.ofSeconds(2));
	}

	/**
	 * A JDK client that counts what it sends and whether it was closed (closeable on
	 * every JDK, as {@code HttpClient} is from JDK 21 on).
	 */
	static final class CountingHttpClient extends HttpClient implements AutoCloseable {

		private final HttpClient delegate;

		final AtomicInteger sent = new AtomicInteger();

		volatile boolean closed;

		CountingHttpClient(HttpClient delegate) {
			this.delegate = delegate;
		}

		@Override
		public void close() {
			this.closed = true;
		}

		@Override
		public Optional<CookieHandler> cookieHandler() {
			return this.delegate.cookieHandler();
		}

		@Override
		public Optional<Duration> connectTimeout() {
			return this.delegate.connectTimeout();
		}

		@Override
		public Redirect followRedirects() {
			return this.delegate.followRedirects();
		}

		@Override
		public Optional<ProxySelector> proxy() {
			return this.delegate.proxy();
		}

		@Override
		public SSLContext sslContext() {
			return this.delegate.sslContext();
		}

		@Override
		public SSLParameters sslParameters() {
			return this.delegate.sslParameters();
		}

		@Override
		public Optional<Authenticator> authenticator() {
			return this.delegate.authenticator();
		}

		@Override
		public Version version() {
			return this.delegate.version();
		}

		@Override
		public Optional<Executor> executor() {
			return this.delegate.executor();
		}

		@Override
		public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
				throws IOException, InterruptedException {
			this.sent.incrementAndGet();
			return this.delegate.send(request, handler);
		}

		@Override
		public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
				HttpResponse.BodyHandler<T> handler) {
			this.sent.incrementAndGet();
			return this.delegate.sendAsync(request, handler);
		}

		@Override
		public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
				HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
			this.sent.incrementAndGet();
			return this.delegate.sendAsync(request, handler, pushPromiseHandler);
		}

	}

}
