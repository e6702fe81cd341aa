package io.cairn.consul.autoconfigure;

import org.springframework.boot.context.properties.PropertyMapper;

import io.cairn.consul.Consul;
import io.cairn.consul.ConsulObserver;

/**
 * The one mapping of {@link ConsulProperties} onto a {@link Consul.Builder}: the
 * auto-configured client is built from it, and so should every other client an
 * application builds for the same Consul (one per agent host, for example), so that they
 * all share the token, TLS, timeouts, consistency, blocking-query settings and the
 * metrics observer. Adjust what differs on the builder it returns:
 *
 * <pre>{@code
 * Consul agent = factory.builder().addresses(List.of("http://10.0.0.7:8500")).readTimeout(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class ConsulBuilderFactory {

	private final ConsulProperties properties;

	private final ConsulObserver observer;

	/**
	 * Create the factory.
	 * @param properties the settings
	 * @param observer told about every exchange of the clients built
	 */
	public ConsulBuilderFactory(ConsulProperties properties, ConsulObserver observer) {
		this.properties = properties;
		this.observer = observer;
	}

	/**
	 * A new builder with every setting of the properties applied: the Consul CLI's
	 * environment variables first (when {@code use-environment}), then addresses, token,
	 * datacenter, consistency, timeouts, default wait, blocking margin, token placement,
	 * maximum answer size, TLS and the observer.
	 * @return the builder
	 */
	public Consul.Builder builder() {
		ConsulProperties properties = this.properties;
		Consul.Builder builder = Consul.builder();
		if (properties.useEnvironment()) {
			builder.fromEnvironment();
		}
		PropertyMapper map = PropertyMapper.get();
		map.from(properties.addresses()).when((addresses) -> !addresses.isEmpty()).to(builder::addresses);
		map.from(properties.token()).when((token) -> !token.isBlank()).to(builder::token);
		map.from(properties.datacenter()).to(builder::datacenter);
		map.from(properties.consistency()).to(builder::consistency);
		map.from(properties.connectTimeout()).to(builder::connectTimeout);
		map.from(properties.readTimeout()).to(builder::readTimeout);
		map.from(properties.defaultWait()).to(builder::defaultWait);
		map.from(properties.blockingTimeoutMargin()).to(builder::blockingTimeoutMargin);
		map.from(properties.tokenInQuery()).to(builder::tokenInQuery);
		map.from(properties.maxAnswerSize()).to(builder::maxAnswerSize);
		ConsulProperties.Tls tls = properties.tls();
		map.from(tls.trustStore()).to((store) -> builder.trustStore(store, tls.trustStorePassword()));
		map.from(tls.caCertificates()).to(builder::trustedCertificates);
		map.from(tls.keyStore())
			.to((store) -> builder.keyStore(store, (tls.keyStorePassword() != null) ? tls.keyStorePassword() : ""));
		return builder.observer(this.observer);
	}

}
