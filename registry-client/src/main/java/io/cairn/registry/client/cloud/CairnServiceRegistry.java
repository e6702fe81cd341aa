package io.cairn.registry.client.cloud;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

import io.cairn.registry.client.RegistrationState;
import io.cairn.registry.client.RegistryClient;

/**
 * Spring Cloud's {@link ServiceRegistry} over the registry client. The registry has no
 * status of its own, so {@code setStatus} takes an instance out of lookups
 * ({@code OUT_OF_SERVICE} or {@code DOWN}: deregistered, remembered) and back
 * ({@code UP}: registered again); {@code getStatus} answers {@code UP},
 * {@code OUT_OF_SERVICE}, or the registration's state while it is not acknowledged
 * ({@code PENDING}, {@code REFUSED}).
 */
public class CairnServiceRegistry implements ServiceRegistry<CairnRegistration> {

	private static final String UP = "UP";

	private static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

	private final RegistryClient client;

	private final Map<String, io.cairn.registry.client.Registration> registrations = new ConcurrentHashMap<>();

	private final Map<String, CairnRegistration> outOfService = new ConcurrentHashMap<>();

	/**
	 * Create the registry.
	 * @param client the registry client
	 */
	public CairnServiceRegistry(RegistryClient client) {
		this.client = client;
	}

	@Override
	public void register(@Nullable CairnRegistration registration) {
		Objects.requireNonNull(registration, "registration");
		this.outOfService.remove(registration.getInstanceId());
		this.registrations.computeIfAbsent(registration.getInstanceId(),
				(id) -> this.client.register(registration.toNewInstance()));
	}

	@Override
	public void deregister(@Nullable CairnRegistration registration) {
		Objects.requireNonNull(registration, "registration");
		this.outOfService.remove(registration.getInstanceId());
		io.cairn.registry.client.Registration registered = this.registrations.remove(registration.getInstanceId());
		if (registered != null) {
			registered.close();
		}
	}

	/**
	 * Nothing: the registry client is a bean of its own, closed with the context.
	 */
	@Override
	public void close() {
	}

	@Override
	public void setStatus(CairnRegistration registration, String status) {
		String wanted = status.toUpperCase(Locale.ROOT);
		if (UP.equals(wanted)) {
			register(registration);
		}
		else if (OUT_OF_SERVICE.equals(wanted) || "DOWN".equals(wanted)) {
			deregister(registration);
			this.outOfService.put(registration.getInstanceId(), registration);
		}
		else {
			throw new IllegalArgumentException("Unknown status '" + status + "': use UP, OUT_OF_SERVICE or DOWN");
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getStatus(CairnRegistration registration) {
		if (this.outOfService.containsKey(registration.getInstanceId())) {
			return (T) OUT_OF_SERVICE;
		}
		io.cairn.registry.client.Registration registered = this.registrations.get(registration.getInstanceId());
		if (registered == null) {
			return (T) OUT_OF_SERVICE;
		}
		RegistrationState state = registered.state();
		return (T) ((state == RegistrationState.REGISTERED) ? UP : state.name());
	}

}
