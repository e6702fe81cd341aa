package io.cairn.registry.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.cairn.registry.RegistryTestSupport;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.store.RegistryStore.PendingRegistration;
import io.cairn.registry.store.RegistryStore.RegistrationResult;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expiry sweep and registration batches take their locks in the same order (instance
 * rows in id order, then {@code registry_state}'s row; see {@link RegistryStore}), so
 * they never deadlock. Before, the sweep bumped the change index (locking
 * {@code registry_state}) and then updated the rows it expired, while a batch reviving
 * those rows locked them first and {@code registry_state} last: PostgreSQL broke the
 * cycle by failing one of them with {@code 40P01}.
 */
class LockOrderTests extends RegistryTestSupport {

	private static final int INSTANCES = 300;

	private static final int ROUNDS = 25;

	@Autowired
	private RegistryStore store;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void theExpirySweepAndARegistrationBatchOfTheSameInstancesNeverDeadlock() throws Exception {
		String name = unique("contended");
		List<PendingRegistration> batch = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			Endpoint endpoint = new Endpoint("10.47." + (i / 250) + "." + (i % 250 + 1), 8080);
			batch.add(new PendingRegistration(new Registration(name, endpoint, null, null), now(),
					now().minus(Duration.ofSeconds(60)), (service) -> true));
		}
		this.store.registerAll(batch);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<Throwable> failures = new ArrayList<>();
		try {
			for (int round = 0; round < ROUNDS; round++) {
				// Every instance past its TTL (and past retention), so the sweep expires
				// and removes the very rows the batch revives.
				this.jdbc.sql("UPDATE registry_instance SET last_seen = ?, expired = false WHERE name = ?")
					.params(java.time.OffsetDateTime.ofInstant(now().minus(Duration.ofHours(2)),
							java.time.ZoneOffset.UTC), name)
					.update();
				CountDownLatch start = new CountDownLatch(1);
				Future<?> sweep = threads.submit(() -> {
					start.await();
					this.store.expire(now().minus(Duration.ofSeconds(60)), now(), Set.of());
					this.store.removeRetired(now().minus(Duration.ofHours(1)), now());
					return null;
				});
				Future<List<RegistrationResult>> revival = threads.submit(() -> {
					start.await();
					return this.store.registerAll(batch);
				});
				start.countDown();
				for (Future<?> done : List.of(sweep, revival)) {
					try {
						done.get();
					}
					catch (ExecutionException ex) {
						failures.add(ex.getCause());
					}
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(failures).as("transactions failed (40P01 is a deadlock)").isEmpty();
		// Whichever went last, every endpoint is there once: revived or registered anew.
		this.store.registerAll(batch);
		assertThat(this.jdbc.sql("SELECT count(*) FROM registry_instance WHERE name = ? AND NOT expired")
			.param(name)
			.query(Long.class)
			.single()).isEqualTo(INSTANCES);
	}

	private Instant now() {
		return this.clock.instant();
	}

}
