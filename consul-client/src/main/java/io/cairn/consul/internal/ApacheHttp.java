package io.cairn.consul.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * {@link Http} on Apache HttpClient 5 (classic, blocking I/O on the calling thread).
 * Measured against {@link JdkHttp}: the timeout bounds each read, not the exchange, and
 * an interrupt does not end a blocked read.
 */
final class ApacheHttp implements Http {

	private final CloseableHttpClient client;

	ApacheHttp(Duration connectTimeout, @Nullable SSLContext sslContext) {
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout)).build())
			.setTlsSocketStrategy((sslContext != null) ? new DefaultClientTlsStrategy(sslContext)
					: DefaultClientTlsStrategy.createDefault())
			.setMaxConnPerRoute(1024)
			.setMaxConnTotal(4096)
			.build();
		this.client = HttpClients.custom()
			.setConnectionManager(connections)
			.setRoutePlanner(new SystemDefaultRoutePlanner(null))
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableContentCompression()
			.disableCookieManagement()
			.disableAuthCaching()
			.build();
	}

	@Override
	public Answer exchange(Call call) throws IOException {
		return this.client.execute(request(call), context(call), (response) -> {
			HttpEntity entity = response.getEntity();
			byte[] body = (entity != null) ? read(entity, call.maxAnswerSize()) : new byte[0];
			return new Answer(response.getCode(), headers(response), body);
		});
	}

	@Override
	public Streamed stream(Call call) throws IOException {
		ClassicHttpResponse response = this.client.executeOpen(null, request(call), context(call));
		HttpEntity entity = response.getEntity();
		return new Streamed(response.getCode(), headers(response),
				(entity != null) ? entity.getContent() : InputStream.nullInputStream());
	}

	@Override
	public void close() {
		this.client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
	}

	private static HttpUriRequestBase request(Call call) {
		HttpUriRequestBase request = new HttpUriRequestBase(call.method(), call.uri());
		List<String> headers = call.headers();
		for (int i = 0; i < headers.size(); i += 2) {
			request.addHeader(headers.get(i), headers.get(i + 1));
		}
		byte[] body = call.body();
		if (body != null) {
			request.setEntity(new ByteArrayEntity(body,
					(call.contentType() != null) ? ContentType.parse(call.contentType()) : null));
		}
		return request;
	}

	private static HttpClientContext context(Call call) {
		HttpClientContext context = HttpClientContext.create();
		context.setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(call.timeout())).build());
		return context;
	}

	private static Headers headers(ClassicHttpResponse response) {
		return (name) -> {
			Header header = response.getFirstHeader(name);
			return (header != null) ? header.getValue() : null;
		};
	}

	private static byte[] read(HttpEntity entity, long limit) throws IOException {
		if (entity.getContentLength() > limit) {
			throw new AnswerTooLargeException(limit);
		}
		try (InputStream in = entity.getContent()) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(
					(int) Math.min(Math.max(entity.getContentLength(), 64), 8192));
			byte[] buffer = new byte[8192];
			long size = 0;
			for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
				size += n;
				if (size > limit) {
					throw new AnswerTooLargeException(limit);
				}
				out.write(buffer, 0, n);
			}
			return out.toByteArray();
		}
	}

}
