package io.cairn.consul;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link Consul} was built with.
 */
record Settings(List<URI> addresses, @Nullable String token, boolean tokenInQuery, @Nullable String datacenter,
		Consistency consistency, Duration connectTimeout, Duration readTimeout, Duration defaultWait,
		Duration blockingMargin, @Nullable SSLContext sslContext, ConsulObserver observer) {
}
