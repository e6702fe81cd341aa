package io.cairn.benchmarks.client;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.sun.management.OperatingSystemMXBean;

import org.springframework.aop.framework.Advised;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.Registration;
import io.cairn.registry.client.RegistryClient;

/**
 * The caller, a Spring Boot application run as its own process by the driver, with either
 * registry-client ({@code eureka.client.enabled=false}) or the stock Eureka client
 * ({@code cairn.registry.client.enabled=false}) and otherwise default settings.
 * <ul>
 * <li>{@code bench.mode=route}: calls {@code http://<service>/hello} for each of
 * {@code bench.services} through a {@code @LoadBalanced} {@code RestClient}, for ever,
 * pausing {@code bench.pause-ms} after each round; prints {@code READY} once every
 * service has answered.</li>
 * <li>{@code bench.mode=cpu}: registers one instance and renews it {@code bench.renewals}
 * times on one thread, through the client's own renewal code (registry-client's
 * {@code Registration.renew()}, Eureka's {@code DiscoveryClient.renew()}, which its
 * heartbeat thread runs), after a quarter as many for warm-up; prints the process CPU
 * time per renewal.</li>
 * </ul>
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchCaller {

	public static void main(String[] args) {
		SpringApplication.run(BenchCaller.class, args);
	}

	/**
	 * The plain builder, for whoever asks for an unqualified one: the Eureka client's own
	 * transport takes it, and must not resolve the Eureka server's address through
	 * LoadBalancer.
	 */
	@Bean
	@Primary
	RestClient.Builder restClientBuilder() {
		return RestClient.builder();
	}

	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder() {
		return RestClient.builder();
	}

	@Bean
	CommandLineRunner bench(ApplicationContext context, Environment environment,
			@LoadBalanced RestClient.Builder builder) {
		return (args) -> {
			String mode = environment.getProperty("bench.mode", "route");
			if ("cpu".equals(mode)) {
				cpu(context, environment.getProperty("bench.renewals", Integer.class, 20000));
			}
			else {
				route(builder.build(), Arrays.asList(environment.getRequiredProperty("bench.services").split(",")),
						environment.getProperty("bench.pause-ms", Long.class, 0L));
			}
		};
	}

	private static void route(RestClient client, List<String> services, long pauseMillis) throws Exception {
		Set<String> answered = new HashSet<>();
		boolean ready = false;
		while (true) {
			for (String service : services) {
				try {
					client.get().uri("http://" + service + "/hello").retrieve().body(String.class);
					answered.add(service);
				}
				catch (RuntimeException ex) {
					// No instance known yet, or one that just went away: try again.
				}
			}
			if (!ready && answered.size() == services.size()) {
				ready = true;
				System.out.println("READY");
				System.out.flush();
			}
			if (pauseMillis > 0) {
				Thread.sleep(pauseMillis);
			}
		}
	}

	private static void cpu(ApplicationContext context, int renewals) throws Exception {
		Runnable renew;
		if (context.getBeanNamesForType(RegistryClient.class).length > 0) {
			RegistryClient client = context.getBean(RegistryClient.class);
			Registration registration = client.register(NewInstance.of("bench-cpu", "127.0.0.1", 9));
			renew = registration::renew;
		}
		else {
			Object discovery = context.getBean(Class.forName("com.netflix.discovery.EurekaClient"));
			if (discovery instanceof Advised advised) {
				// Spring Cloud wraps the client in a refresh-scope proxy.
				discovery = advised.getTargetSource().getTarget();
			}
			Object target = discovery;
			Method method = Class.forName("com.netflix.discovery.DiscoveryClient").getDeclaredMethod("renew");
			method.setAccessible(true);
			renew = () -> {
				try {
					if (!(Boolean) method.invoke(target)) {
						throw new IllegalStateException("Eureka refused a renewal");
					}
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			};
		}
		for (int i = 0; i < renewals / 4; i++) {
			renew.run();
		}
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long cpu = os.getProcessCpuTime();
		long wall = System.nanoTime();
		for (int i = 0; i < renewals; i++) {
			renew.run();
		}
		long cpuNanos = os.getProcessCpuTime() - cpu;
		long wallNanos = System.nanoTime() - wall;
		System.out.println(String.format(Locale.ROOT, "CPU_PER_RENEWAL_US %.2f WALL_PER_RENEWAL_US %.2f",
				cpuNanos / 1000.0 / renewals, wallNanos / 1000.0 / renewals));
		System.out.flush();
		TimeUnit.MILLISECONDS.sleep(100);
		System.exit(SpringApplication.exit(context));
	}

}
