package io.cairn.registry.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.registry.client.test.RegistryServiceProcess;
import io.cairn.registry.client.test.SharedRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The client against a real registry-service (its own process, over the shared embedded
 * PostgreSQL, TTL 3 s): registration, renewal, expiry, deregistration, lookups answered
 * from memory and kept fresh by the watch.
 */
class RegistryClientTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final RegistryServiceProcess registry = SharedRegistry.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final CountingObserver calls = new CountingObserver();

	private RegistryClient client;

	private RegistryClient other;

	@BeforeEach
	void start() {
		this.client = RegistryClient.builder().urls(this.registry.url()).renewalsPerTtl(5).observer(this.calls).build();
		this.client.start();
		this.other = RegistryClient.builder().urls(this.registry.url()).build();
		this.other.start();
	}

	@AfterEach
	void close() {
		this.client.close();
		this.other.close();
	}

	@Test
	void renewsOnAScheduleReadFromTheRegistrysTtl() {
		assertThat(this.client.ttl()).contains(Duration.ofSeconds(SharedRegistry.TTL_SECONDS));
		assertThat(this.client.renewalInterval())
			.isEqualTo(Duration.ofSeconds(SharedRegistry.TTL_SECONDS).dividedBy(5));
		String name = unique("renewed");
		Registration registration = this.client.register(NewInstance.of(name, "10.1.0.1", 8080));
		assertThat(registration.state()).isEqualTo(RegistrationState.REGISTERED);
		// Alive for longer than two TTLs: only renewals keep it there.
		await().during(Duration.ofSeconds(2L * SharedRegistry.TTL_SECONDS))
			.atMost(PATIENCE)
			.until(() -> lookUp(name).size() == 1);
		assertThat(this.calls.count("renew")).isGreaterThanOrEqualTo(5);
	}

	@Test
	void registersMetadataThatLookupsReturn() {
		String name = unique("metadata");
		this.client.register(NewInstance.of(name, "10.1.0.2", 8080)
			.withVersion("1.4.2")
			.withZone("eu-west-1a")
			.withTags(List.of("blue"))
			.withLabel(NewInstance.STATUS_URL, "http://10.1.0.2:8081/actuator/health"));
		RegistryInstance found = this.other.instances(name).get(0);
		assertThat(found.host()).isEqualTo("10.1.0.2");
		assertThat(found.port()).isEqualTo(8080);
		assertThat(found.version()).isEqualTo("1.4.2");
		assertThat(found.zone()).isEqualTo("eu-west-1a");
		assertThat(found.tags()).containsExactly("blue");
		assertThat(found.labels()).containsEntry("status-url", "http://10.1.0.2:8081/actuator/health");
		assertThat(found.uri()).isEqualTo(URI.create("http://10.1.0.2:8080"));
		assertThat(found.secure()).isFalse();
	}

	@Test
	void aSecureInstanceIsRegisteredWithItsScheme() {
		String name = unique("secure");
		this.client.register(NewInstance.of(name, "10.1.0.3", 8443).withSecure(true));
		RegistryInstance found = this.other.instances(name).get(0);
		assertThat(found.secure()).isTrue();
		assertThat(found.uri()).isEqualTo(URI.create("https://10.1.0.3:8443"));
	}

	@Test
	void lookupsAnswerFromMemoryAndTheWatchBringsChanges() {
		String name = unique("watched");
		assertThat(this.client.instances(name)).isEmpty();
		int lookups = this.calls.count("lookup");
		Registration first = this.other.register(NewInstance.of(name, "10.1.0.4", 8080));
		await().atMost(PATIENCE).until(() -> this.client.instances(name).size() == 1);
		Registration second = this.other.register(NewInstance.of(name, "10.1.0.5", 8080));
		await().atMost(PATIENCE).until(() -> this.client.instances(name).size() == 2);
		first.close();
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.client.instances(name)).extracting(RegistryInstance::host)
				.containsExactly("10.1.0.5"));
		second.close();
		await().atMost(PATIENCE).until(() -> this.client.instances(name).isEmpty());
		assertThat(this.client.connectionState()).isEqualTo(ConnectionState.CONNECTED);
		// Every lookup after the first was answered from memory: no HTTP lookup was made.
		assertThat(this.calls.count("lookup")).isEqualTo(lookups);
		assertThat(this.calls.count("refresh")).isPositive();
	}

	@Test
	void aGlobLookupIsWatchedToo() {
		String prefix = unique("glob");
		assertThat(this.client.locate(prefix + ".*")).isEmpty();
		this.other.register(NewInstance.of(prefix + ".api", "10.1.0.6", 8080));
		this.other.register(NewInstance.of(prefix + "-other", "10.1.0.7", 8080));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.client.locate(prefix + ".*")).extracting(RegistryInstance::name)
				.containsExactly(prefix + ".api"));
	}

	@Test
	void anInstanceThatStopsRenewingExpiresFromEveryCache() throws Exception {
		String name = unique("expiring");
		assertThat(this.client.instances(name)).isEmpty();
		// A client that crashed: registered once, never renewed, never deregistered.
		HttpResponse<String> registered = this.http.send(HttpRequest
			.newBuilder(this.registry.url().resolve("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"host\":\"10.1.0.8\",\"port\":80}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(registered.statusCode()).isEqualTo(201);
		await().atMost(PATIENCE).until(() -> this.client.instances(name).size() == 1);
		await().atMost(PATIENCE).until(() -> this.client.instances(name).isEmpty());
	}

	@Test
	void closingTheClientDeregistersItsInstances() {
		String name = unique("leaving");
		RegistryClient leaving = RegistryClient.builder().urls(this.registry.url()).build();
		leaving.start();
		leaving.register(NewInstance.of(name, "10.1.0.9", 8080));
		leaving.register(NewInstance.of(name, "10.1.0.10", 8080));
		assertThat(this.client.instances(name)).hasSize(2);
		leaving.close();
		assertThat(leaving.state()).isEqualTo(State.CLOSED);
		// Gone at once, not after the TTL.
		await().atMost(Duration.ofSeconds(SharedRegistry.TTL_SECONDS / 2))
			.until(() -> this.client.instances(name).isEmpty());
		assertThatIllegalStateException().isThrownBy(() -> leaving.instances(name));
	}

	@Test
	void listenersHearTheCurrentInstancesThenEachChange() {
		String name = unique("listened");
		List<List<RegistryInstance>> heard = new CopyOnWriteArrayList<>();
		this.client.watch(name, (query, instances) -> heard.add(instances));
		await().atMost(PATIENCE).until(() -> heard.size() == 1 && heard.get(0).isEmpty());
		this.other.register(NewInstance.of(name, "10.1.0.11", 8080));
		await().atMost(PATIENCE).until(() -> heard.size() == 2 && heard.get(1).size() == 1);
	}

	@Test
	void servicesListsNamesWithLiveInstances() {
		String name = unique("listed");
		assertThat(this.client.services()).doesNotContain(name);
		Registration registration = this.other.register(NewInstance.of(name, "10.1.0.12", 8080));
		await().atMost(PATIENCE).until(() -> this.client.services().contains(name));
		registration.close();
		await().atMost(PATIENCE).until(() -> !this.client.services().contains(name));
	}

	@Test
	void theSameEndpointCannotBeRegisteredTwiceByOneClient() {
		String name = unique("twice");
		this.client.register(NewInstance.of(name, "10.1.0.13", 8080));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.register(NewInstance.of(name + "-b", "10.1.0.13", 8080)))
			.withMessageContaining("already registered");
	}

	@Test
	void anUnstartedClientRefusesWork() {
		RegistryClient latent = RegistryClient.builder().urls(this.registry.url()).build();
		assertThat(latent.state()).isEqualTo(State.LATENT);
		assertThatIllegalStateException().isThrownBy(() -> latent.instances("any")).withMessageContaining("LATENT");
		latent.close();
		assertThatIllegalStateException().isThrownBy(latent::start);
	}

	private List<RegistryInstance> lookUp(String name) {
		// A fresh client each time, so that the answer comes from the registry.
		try (RegistryClient fresh = RegistryClient.builder().urls(this.registry.url()).build()) {
			fresh.start();
			return fresh.instances(name);
		}
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Counts the client's calls per operation. */
	static final class CountingObserver implements RegistryObserver {

		private final Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public void called(String operation, long nanos, RegistryException error) {
			this.counts.computeIfAbsent(operation, (key) -> new AtomicInteger()).incrementAndGet();
		}

		int count(String operation) {
			AtomicInteger count = this.counts.get(operation);
			return (count != null) ? count.get() : 0;
		}

	}

}
