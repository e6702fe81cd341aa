package io.cairn.consul;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.consul.model.session.NewSession;
import io.cairn.consul.model.txn.TxnResult;
import io.cairn.consul.recipe.ConsulLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same calls against a real Consul ({@code hashicorp/consul}). Skipped where Docker
 * is not available (as on the build machines); it keeps the simulator honest where Docker
 * is.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConsulContainerTests {

	@Container
	static final ConsulContainer CONSUL = new ConsulContainer("hashicorp/consul:1.17");

	private static Consul consul;

	@BeforeAll
	static void connect() {
		consul = Consul.builder().address(CONSUL.getHost() + ":" + CONSUL.getMappedPort(8500)).build();
	}

	@AfterAll
	static void close() {
		consul.close();
	}

	@Test
	void kvCasAndBlocking() {
		assertThat(consul.kv().cas("it/key", "one".getBytes(), 0)).isTrue();
		ConsulResponse<Optional<KeyValue>> read = consul.kv().get("it/key");
		assertThat(read.value().orElseThrow().valueAsString()).contains("one");
		ConsulResponse<Optional<KeyValue>> quiet = consul.kv()
			.get("it/key", QueryOptions.NONE.index(read.index()).waitFor(Duration.ofSeconds(1)));
		assertThat(quiet.index()).isEqualTo(read.index());
		assertThat(consul.kv().get("it/absent").value()).isEmpty();
	}

	@Test
	void transactionsRollBackWithErrors() {
		assertThatThrownBy(() -> consul.txn().begin().kvSet("it/t", "x").kvGet("it/missing").execute())
			.isInstanceOf(ConsulTransactionException.class);
		List<TxnResult> results = consul.txn().begin().kvSet("it/t", "x").kvGet("it/t").execute().value();
		assertThat(results).hasSize(2);
	}

	@Test
	void agentServicesHealthAndLocks() throws Exception {
		consul.agent()
			.registerService(ServiceRegistration.of("it-web", "it-web")
				.withAddress("10.0.0.1", 80)
				.withChecks(CheckRegistration.ttl("it-web-ttl", "ttl", Duration.ofMinutes(1))));
		consul.agent().pass("it-web-ttl", "ok");
		assertThat(consul.health().service("it-web", true, List.of(), QueryOptions.NONE).value()).hasSize(1);
		String session = consul.session().create(NewSession.named("it"), QueryOptions.NONE);
		assertThat(consul.kv().acquire("it/lock", new byte[0], session)).isTrue();
		consul.session().destroy(session);
		try (ConsulLock lock = ConsulLock.builder(consul, "it/lock2").lockDelay(Duration.ofSeconds(1)).build()) {
			assertThat(lock.acquire(Duration.ofSeconds(10))).isTrue();
		}
		assertThat(consul.status().leader()).isNotEmpty();
		assertThat(consul.agent().self().value().version()).startsWith("1.17");
	}

}
