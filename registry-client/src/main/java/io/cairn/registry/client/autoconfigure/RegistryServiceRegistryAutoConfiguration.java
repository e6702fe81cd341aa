package io.cairn.registry.client.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.cloud.ActuatorUrls;
import io.cairn.registry.client.cloud.CairnAutoServiceRegistration;
import io.cairn.registry.client.cloud.CairnRegistration;
import io.cairn.registry.client.cloud.CairnServiceRegistry;

/**
 * Spring Cloud's {@code ServiceRegistry} over the registry client, and the
 * auto-registration of a web application (on by default; off with
 * {@code cairn.registry.client.registration.enabled=false} or Spring Cloud's
 * {@code spring.cloud.service-registry.auto-registration.enabled=false}).
 */
@AutoConfiguration(after = { RegistryClientAutoConfiguration.class, AutoServiceRegistrationAutoConfiguration.class,
		UtilAutoConfiguration.class })
@ConditionalOnClass(ServiceRegistry.class)
@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.enabled", matchIfMissing = true)
@ConditionalOnBean(RegistryClient.class)
public final class RegistryServiceRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CairnServiceRegistry cairnServiceRegistry(RegistryClient client) {
		return new CairnServiceRegistry(client);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebServerInitializedEvent.class)
	@ConditionalOnBean(AutoServiceRegistrationProperties.class)
	@ConditionalOnBooleanProperty(name = RegistryClientProperties.PREFIX + ".registration.enabled",
			matchIfMissing = true)
	static class AutoRegistrationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CairnRegistration cairnRegistration(RegistryClientProperties properties, Environment environment,
				ObjectProvider<InetUtils> inetUtils, ObjectProvider<BuildProperties> build) {
			RegistryClientProperties.Registration registration = properties.registration();
			String name = (registration.serviceName() != null) ? registration.serviceName()
					: environment.getProperty("spring.application.name", "application");
			String host = (registration.host() != null) ? registration.host() : host(inetUtils, registration);
			BuildProperties buildProperties = build.getIfAvailable();
			String version = (registration.version() != null) ? registration.version()
					: (buildProperties != null) ? buildProperties.getVersion() : null;
			// A placeholder port until the web server's is known (or the configured one).
			int port = (registration.port() != null) ? registration.port() : 0;
			NewInstance template = new NewInstance(name, host, 1, registration.secure(),
					List.copyOf(registration.tags()), version, registration.labels());
			if (registration.zone() != null) {
				template = template.withZone(registration.zone());
			}
			return new CairnRegistration(template, port,
					new ActuatorUrls(environment, registration.statusUrl(), registration.healthUrl()));
		}

		@Bean
		@ConditionalOnMissingBean
		CairnAutoServiceRegistration cairnAutoServiceRegistration(ApplicationContext context,
				CairnServiceRegistry serviceRegistry, AutoServiceRegistrationProperties autoRegistration,
				CairnRegistration registration) {
			return new CairnAutoServiceRegistration(context, serviceRegistry, autoRegistration, registration);
		}

		private static String host(ObjectProvider<InetUtils> inetUtils,
				RegistryClientProperties.Registration properties) {
			InetUtils utils = inetUtils.getIfAvailable();
			if (utils == null) {
				return "localhost";
			}
			InetUtils.HostInfo info = utils.findFirstNonLoopbackHostInfo();
			return properties.preferIpAddress() ? info.getIpAddress() : info.getHostname();
		}

	}

}
