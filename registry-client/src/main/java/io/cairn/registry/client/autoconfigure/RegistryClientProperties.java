package io.cairn.registry.client.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the application talks to registry-service, and how it registers itself.
 *
 * @param enabled whether to create the registry client at all
 * @param urls the registry replicas, in order of preference; calls move to the next when
 * one fails
 * @param token the write token (the registry's {@code cairn.security.token}, or a token
 * scoped to this application's service names); sent as a bearer token on writes only
 * @param connectTimeout how long to wait for a connection to a replica
 * @param requestTimeout how long a call other than a watch may take, per attempt
 * @param watchWait how long the registry may hold the cache's watch before answering "no
 * change" (the registry caps it at its {@code cairn.registry.max-watch-wait})
 * @param renewalsPerTtl how many renewals fit in the registry's TTL, which the client
 * reads from the registry: the renewal interval is the TTL divided by this (2 to 60)
 * @param maxResponseSize the largest answer the client reads; larger ones are refused
 * @param maxInstances the most instances one lookup may answer, over all its pages
 * @param maxCachedLookups the most lookups kept in memory and watched; further ones are
 * read from the registry each time
 * @param retryDelay the first delay before a failed call is tried again on the next URL;
 * it doubles with each further failure
 * @param maxRetryDelay the longest delay between attempts while no replica answers
 * @param registration how this application registers itself
 * @param discovery Spring Cloud's {@code DiscoveryClient} and
 * {@code ReactiveDiscoveryClient}
 * @param loadbalancer Spring Cloud LoadBalancer
 */
@ConfigurationProperties(RegistryClientProperties.PREFIX)
public record RegistryClientProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("http://localhost:5000") List<URI> urls, @Nullable String token,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("5m") Duration watchWait, @DefaultValue("3") int renewalsPerTtl,
		@DefaultValue("16MB") DataSize maxResponseSize, @DefaultValue("100000") int maxInstances,
		@DefaultValue("1000") int maxCachedLookups, @DefaultValue("100ms") Duration retryDelay,
		@DefaultValue("30s") Duration maxRetryDelay, @DefaultValue Registration registration,
		@DefaultValue Discovery discovery, @DefaultValue LoadBalancer loadbalancer) {

	/** The prefix of these properties. */
	public static final String PREFIX = "cairn.registry.client";

	/**
	 * How the application registers itself (on start-up, once its web server listens;
	 * deregistered on graceful shutdown before the web server stops taking requests).
	 *
	 * @param enabled whether to register the application
	 * @param serviceName the service name; default {@code spring.application.name}
	 * @param host the host callers should use; default this machine's first non-loopback
	 * address (Spring Cloud's {@code InetUtils}, {@code spring.cloud.inetutils.*})
	 * @param preferIpAddress with no {@code host}: register the IP address (true) or the
	 * host name (false)
	 * @param port the port callers should use; default the web server's
	 * @param secure whether callers use https
	 * @param tags tags to register
	 * @param version the version to register; default the build's
	 * ({@code META-INF/build-info.properties}), if any
	 * @param zone the zone (Spring Cloud LoadBalancer's zone preference reads it)
	 * @param labels more labels to register
	 * @param statusUrl the {@code status-url} label (the status-aggregator polls it);
	 * default the Actuator health endpoint when Actuator is present
	 * @param healthUrl the {@code health-url} label; default the Actuator health endpoint
	 * when Actuator is present
	 */
	public record Registration(@DefaultValue("true") boolean enabled, @Nullable String serviceName,
			@Nullable String host, @DefaultValue("true") boolean preferIpAddress, @Nullable Integer port,
			@DefaultValue("false") boolean secure, @DefaultValue List<String> tags, @Nullable String version,
			@Nullable String zone, @DefaultValue Map<String, String> labels, @Nullable String statusUrl,
			@Nullable String healthUrl) {

	}

	/**
	 * Spring Cloud discovery.
	 *
	 * @param enabled whether to offer the {@code DiscoveryClient} and
	 * {@code ReactiveDiscoveryClient} (also switched off by
	 * {@code spring.cloud.discovery.enabled=false})
	 * @param order the discovery clients' order among others
	 */
	public record Discovery(@DefaultValue("true") boolean enabled, @DefaultValue("0") int order) {

	}

	/**
	 * Spring Cloud LoadBalancer.
	 *
	 * @param enabled whether load-balanced clients take their instances straight from the
	 * watched cache (a new instance is routable within milliseconds), instead of through
	 * the {@code DiscoveryClient} and LoadBalancer's 35 s cache
	 */
	public record LoadBalancer(@DefaultValue("true") boolean enabled) {

	}

}
