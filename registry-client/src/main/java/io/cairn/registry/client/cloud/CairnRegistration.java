package io.cairn.registry.client.cloud;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.cloud.client.serviceregistry.Registration;

import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.RegistryInstance;

/**
 * This application's instance for Spring Cloud's service registry. The port is often
 * known only once the web server listens: until then it is 0, and
 * {@link CairnAutoServiceRegistration} fills it in (with the actuator URLs that depend on
 * it) before registering.
 */
public final class CairnRegistration implements Registration {

	private final NewInstance template;

	private final ActuatorUrls actuator;

	private volatile int port;

	/**
	 * Create the registration.
	 * @param template the instance with its name, host and metadata; its port is used
	 * when {@code port} is 0 and it is not a placeholder
	 * @param port the port, or 0 to take the web server's
	 * @param actuator works out the actuator URLs once the port is known
	 */
	public CairnRegistration(NewInstance template, int port, ActuatorUrls actuator) {
		this.template = template;
		this.port = port;
		this.actuator = actuator;
	}

	/**
	 * Set the port once the web server listens (only when none was configured).
	 * @param webServerPort the web server's port
	 */
	public void initializePort(int webServerPort) {
		if (this.port == 0) {
			this.port = webServerPort;
		}
	}

	/**
	 * The instance to register: the template with the port and the actuator URLs.
	 * @return the instance
	 * @throws IllegalStateException when the port is not known yet
	 */
	public NewInstance toNewInstance() {
		if (this.port == 0) {
			throw new IllegalStateException("The port of " + this.template.name() + " is not known yet");
		}
		NewInstance instance = new NewInstance(this.template.name(), this.template.host(), this.port,
				this.template.secure(), this.template.tags(), this.template.version(), this.template.labels());
		Map<String, String> labels = new LinkedHashMap<>(this.actuator.labels(instance));
		labels.putAll(instance.labels());
		return instance.withLabels(labels);
	}

	@Override
	public String getInstanceId() {
		return this.template.host() + ":" + this.port;
	}

	@Override
	public String getServiceId() {
		return this.template.name();
	}

	@Override
	public String getHost() {
		return this.template.host();
	}

	@Override
	public int getPort() {
		return this.port;
	}

	@Override
	public boolean isSecure() {
		return this.template.secure();
	}

	@Override
	public URI getUri() {
		return URI.create((isSecure() ? "https://" : "http://")
				+ new RegistryInstance(getServiceId(), getHost(), this.port, null, java.util.List.of(), null, Map.of())
					.uri()
					.getAuthority());
	}

	@Override
	public Map<String, String> getMetadata() {
		return (this.port != 0) ? toNewInstance().labels() : this.template.labels();
	}

	@Override
	public String toString() {
		return getServiceId() + "@" + getInstanceId();
	}

}
