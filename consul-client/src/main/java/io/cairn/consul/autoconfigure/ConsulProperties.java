package io.cairn.consul.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.cairn.consul.Consistency;

/**
 * How the application talks to Consul.
 *
 * @param enabled whether to create the Consul client at all
 * @param addresses agent addresses ({@code host:port} or URLs), in order of preference;
 * calls fail over to the next when one cannot be reached. Empty:
 * {@code CONSUL_HTTP_ADDR}, else {@code 127.0.0.1:8500}
 * @param token the ACL token; empty: {@code CONSUL_HTTP_TOKEN} (or
 * {@code CONSUL_HTTP_TOKEN_FILE})
 * @param datacenter the datacenter of requests that do not name one; empty: the agent's
 * @param consistency the default consistency mode of reads
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long a non-blocking call may take
 * @param defaultWait the wait of blocking queries that do not set one (at most 10
 * minutes)
 * @param blockingTimeoutMargin added to {@code wait + wait/16} to get a blocking query's
 * read timeout
 * @param tokenInQuery send the token as {@code ?token=} (only for very old agents)
 * @param useEnvironment read the Consul CLI variables ({@code CONSUL_HTTP_ADDR},
 * {@code CONSUL_HTTP_TOKEN}, {@code CONSUL_HTTP_SSL}, {@code CONSUL_CACERT}) for what is
 * not set here
 * @param maxAnswerSize the longest answer body read into memory (1KB to 1GB); a longer
 * one ends the call with a {@code ConsulAnswerTooLargeException}
 * @param tls TLS settings, for agents serving HTTPS
 */
@ConfigurationProperties("cairn.consul")
public record ConsulProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<String> addresses,
		@Nullable String token, @Nullable String datacenter, @DefaultValue("default") Consistency consistency,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("5m") Duration defaultWait, @DefaultValue("5s") Duration blockingTimeoutMargin,
		@DefaultValue("false") boolean tokenInQuery, @DefaultValue("true") boolean useEnvironment,
		@DefaultValue("64MB") DataSize maxAnswerSize, @DefaultValue Tls tls) {

	/**
	 * TLS settings.
	 *
	 * @param trustStore a PKCS12 or JKS store of trusted certificates, or none for the
	 * JDK's
	 * @param trustStorePassword its password
	 * @param caCertificates a PEM file of CA certificates (instead of a trust store)
	 * @param keyStore a PKCS12 or JKS store with the client certificate, for agents that
	 * verify clients
	 * @param keyStorePassword its password
	 */
	public record Tls(@Nullable Path trustStore, @Nullable String trustStorePassword, @Nullable Path caCertificates,
			@Nullable Path keyStore, @Nullable String keyStorePassword) {
	}

}
