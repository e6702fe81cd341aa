package io.cairn.consul.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.Consistency;
import io.cairn.consul.ConsulObserver;

/**
 * Everything a {@code Consul} client was built with.
 *
 * @param addresses the agent base URIs, in order of preference
 * @param token the ACL token, or {@code null}
 * @param tokenInQuery whether the token goes in {@code ?token=} instead of the header
 * @param datacenter the default datacenter, or {@code null} for the agent's
 * @param consistency the default consistency mode
 * @param connectTimeout the connect (and TLS handshake) timeout
 * @param readTimeout how long a non-blocking call may take
 * @param defaultWait the wait of blocking queries that set none
 * @param blockingMargin added to {@code wait + wait/16} for a blocking query's timeout
 * @param sslContext the TLS context, or {@code null} for the JVM's
 * @param observer told about every exchange
 * @param maxAnswerSize the longest answer body read into memory, in bytes
 * @param sharedHttpClient an HTTP client shared with other {@code Consul} clients and
 * closed by its owner, or {@code null} for one of this client's own
 */
public record Settings(List<URI> addresses, @Nullable String token, boolean tokenInQuery, @Nullable String datacenter,
		Consistency consistency, Duration connectTimeout, Duration readTimeout, Duration defaultWait,
		Duration blockingMargin, @Nullable SSLContext sslContext, ConsulObserver observer, long maxAnswerSize,
		@Nullable HttpClient sharedHttpClient) {

}
