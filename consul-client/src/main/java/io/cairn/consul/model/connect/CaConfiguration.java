package io.cairn.consul.model.connect;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The service mesh CA's configuration ({@code /connect/ca/configuration}).
 *
 * @param provider {@code consul}, {@code vault} or {@code aws-pca}
 * @param config the provider's settings by Consul's names ({@code LeafCertTTL},
 * {@code RotationPeriod}, {@code PrivateKeyType}...)
 * @param forceWithoutCrossSigning change the root without cross-signing (for providers
 * that cannot)
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record CaConfiguration(String provider, Map<String, Object> config, boolean forceWithoutCrossSigning,
		long createIndex, long modifyIndex) {

	/**
	 * A configuration to apply.
	 * @param provider the provider
	 * @param config its settings
	 * @return the configuration
	 */
	public static CaConfiguration of(String provider, Map<String, Object> config) {
		return new CaConfiguration(provider, config, false, 0, 0);
	}

	/**
	 * One setting of the provider.
	 * @param name Consul's name, for example {@code LeafCertTTL}
	 * @return its value, or {@code null}
	 */
	public @Nullable Object setting(String name) {
		return this.config.get(name);
	}

}
