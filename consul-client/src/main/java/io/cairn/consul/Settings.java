package io.cairn.consul;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link Consul} was built with. {@code urlConnectionOnly} sends every
 * exchange through {@code HttpURLConnection} (the proxy fallback), for tests of that
 * transport; {@code resolver} is the JDK's unless a test gives its own.
 */
record Settings(List<URI> addresses, @Nullable String token, boolean tokenInQuery, @Nullable String datacenter,
		Consistency consistency, Duration connectTimeout, Duration readTimeout, Duration defaultWait,
		Duration blockingMargin, @Nullable SSLContext sslContext, ConsulObserver observer, boolean urlConnectionOnly,
		AddressResolver resolver) {

	Settings(List<URI> addresses, @Nullable String token, boolean tokenInQuery, @Nullable String datacenter,
			Consistency consistency, Duration connectTimeout, Duration readTimeout, Duration defaultWait,
			Duration blockingMargin, @Nullable SSLContext sslContext, ConsulObserver observer) {
		this(addresses, token, tokenInQuery, datacenter, consistency, connectTimeout, readTimeout, defaultWait,
				blockingMargin, sslContext, observer, false, AddressResolver.SYSTEM);
	}

}
