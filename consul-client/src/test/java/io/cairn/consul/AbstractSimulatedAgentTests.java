package io.cairn.consul;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

import io.cairn.testkit.consul.ConsulSimulator;

/**
 * The setup that consul-client's contract tests share: one simulated agent per test class
 * and a {@link Consul} client pointed at it, both closed after the class. A test class
 * that needs a different agent or client says so with {@link Agent}; its own
 * {@code @BeforeAll} methods run after these two exist.
 * <p>
 * The two are static fields of this class, so test classes run one after another (the
 * build runs no test classes in parallel).
 */
abstract class AbstractSimulatedAgentTests {

	static ConsulSimulator simulator;

	static Consul consul;

	@BeforeAll
	static void startAgentAndClient(TestInfo test) {
		Agent agent = test.getTestClass().map((type) -> type.getAnnotation(Agent.class)).orElse(null);
		if (agent == null || agent.aclToken().isEmpty()) {
			simulator = ConsulSimulator.start();
		}
		else {
			simulator = ConsulSimulator.builder().acl(agent.aclToken()).legacyAcl(agent.legacyAcl()).start();
		}
		Consul.Builder client = Consul.builder().address(simulator.address());
		if (agent != null && !agent.aclToken().isEmpty()) {
			client.token(agent.aclToken());
		}
		if (agent != null && agent.readTimeoutSeconds() > 0) {
			client.readTimeout(Duration.ofSeconds(agent.readTimeoutSeconds()));
		}
		consul = client.build();
	}

	@AfterAll
	static void stopAgentAndClient() {
		consul.close();
		simulator.close();
	}

	/**
	 * How a test class wants its agent and client, when not as they come.
	 */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.TYPE)
	@interface Agent {

		/**
		 * The management token of an agent that enforces ACLs; the client sends it. Empty
		 * for an agent without ACLs.
		 * @return the token
		 */
		String aclToken() default "";

		/**
		 * Whether the agent also serves the legacy ACL API (with an {@link #aclToken()}).
		 * @return whether it does
		 */
		boolean legacyAcl() default false;

		/**
		 * The client's read timeout in seconds; 0 for the builder's default.
		 * @return the seconds
		 */
		long readTimeoutSeconds() default 0;

	}

}
