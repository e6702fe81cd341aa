package io.cairn.bridge.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cairn.consul.autoconfigure.ConsulProperties;

/**
 * Whether the bridge has what it needs to work. Without a Marathon or a Consul it starts
 * anyway, idles, and says what to set (on the console, in {@code /v1/status} and in
 * health).
 *
 * @param marathonConfigured whether Marathon URLs or a ZooKeeper URL are set
 * @param consulConfigured whether a Consul address is set
 * @param missing what is missing, as instructions
 */
public record BridgeSetup(boolean marathonConfigured, boolean consulConfigured, List<String> missing) {

	/** Why Marathon counts as not configured. */
	public static final String NO_MARATHON = "no Marathon: set cairn.bridge.marathon.urls "
			+ "(for example http://marathon:8080) or cairn.mesos.marathon.zk (for example zk://zk1:2181/marathon)";

	/** Why Consul counts as not configured. */
	public static final String NO_CONSUL = "no Consul: set cairn.consul.addresses (for example 127.0.0.1:8500) "
			+ "or CONSUL_HTTP_ADDR";

	/**
	 * Work out the setup.
	 * @param marathonConfigured whether Marathon is configured
	 * @param consul the Consul settings
	 * @param environment the process environment
	 * @return the setup
	 */
	public static BridgeSetup detect(boolean marathonConfigured, ConsulProperties consul,
			Map<String, String> environment) {
		String fromEnvironment = environment.get("CONSUL_HTTP_ADDR");
		boolean consulConfigured = !consul.addresses().isEmpty()
				|| (consul.useEnvironment() && fromEnvironment != null && !fromEnvironment.isBlank());
		List<String> missing = new ArrayList<>();
		if (!marathonConfigured) {
			missing.add(NO_MARATHON);
		}
		if (!consulConfigured) {
			missing.add(NO_CONSUL);
		}
		return new BridgeSetup(marathonConfigured, consulConfigured, List.copyOf(missing));
	}

	/**
	 * Whether the bridge can work.
	 * @return true when both are configured
	 */
	public boolean configured() {
		return this.marathonConfigured && this.consulConfigured;
	}

}
