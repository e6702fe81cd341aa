package io.cairn.registry.client.cloud;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

import io.cairn.registry.client.RegistryException;

/**
 * Registers the application once its web server listens (with the web server's port) and
 * deregisters it when the context stops, before the web server's graceful shutdown
 * begins: callers' caches drop the instance within milliseconds, so the requests still in
 * flight finish and no new ones arrive. With
 * {@code spring.cloud.service-registry.auto-registration.fail-fast=true} a refused
 * registration stops the application; otherwise it is logged and the health indicator
 * shows it.
 */
public class CairnAutoServiceRegistration extends AbstractAutoServiceRegistration<CairnRegistration>
		implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CairnAutoServiceRegistration.class);

	private final CairnRegistration registration;

	private final AutoServiceRegistrationProperties properties;

	/**
	 * Create the auto-registration.
	 * @param context the application context
	 * @param serviceRegistry the service registry
	 * @param properties Spring Cloud's auto-registration properties
	 * @param registration this application's instance
	 */
	public CairnAutoServiceRegistration(ApplicationContext context, CairnServiceRegistry serviceRegistry,
			AutoServiceRegistrationProperties properties, CairnRegistration registration) {
		super(context, serviceRegistry, properties);
		this.registration = registration;
		this.properties = properties;
	}

	@Override
	protected void register() {
		this.registration.initializePort(getPort().get());
		try {
			super.register();
		}
		catch (RegistryException ex) {
			if (this.properties.isFailFast()) {
				throw ex;
			}
			logger.error("Could not register " + this.registration + " with the registry: " + ex.getMessage());
		}
	}

	/**
	 * One registration per application: a separate management port is not registered as a
	 * service of its own (its health URL is a label of the application's instance).
	 */
	@Override
	protected boolean shouldRegisterManagement() {
		return false;
	}

	@Override
	protected Object getConfiguration() {
		return this.registration;
	}

	@Override
	protected boolean isEnabled() {
		return true;
	}

	@Override
	protected CairnRegistration getRegistration() {
		return this.registration;
	}

	@Override
	// Spring Cloud declares it non-null, yet reads null as "no management registration"
	// (as its own implementations return).
	@SuppressWarnings("NullAway")
	protected CairnRegistration getManagementRegistration() {
		return null;
	}

	/**
	 * Registration waits for the web server (its {@code WebServerInitializedEvent}), not
	 * for the context's start.
	 */
	@Override
	public boolean isAutoStartup() {
		return false;
	}

	/**
	 * Stopped first among the lifecycle beans: before the web server's graceful shutdown
	 * (which waits for requests in flight), so that callers stop sending new ones.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
