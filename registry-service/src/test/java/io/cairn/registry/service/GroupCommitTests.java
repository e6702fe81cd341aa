package io.cairn.registry.service;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.EndpointTakenException;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.domain.RegistrationOutcome;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Registrations are written in group commits ({@link RegistrationBatcher}): those that
 * arrive while a transaction is in progress share the next one, each caller is answered
 * only after the commit holding its row, and a transaction that fails fails exactly its
 * callers and writes nothing of theirs.
 * <p>
 * To gather a batch without relying on timing, a test holds the advisory lock of one
 * endpoint on a connection of its own ({@link HeldEndpoint}): the transaction writing
 * that endpoint waits for it, and the registrations that arrive meanwhile queue until it
 * is released, then are written together.
 */
class GroupCommitTests extends RegistryTestSupport {

	@Autowired
	private RegistrationBatcher batcher;

	@Autowired
	private Registry registry;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Test
	void concurrentRegistrationsAreAllDurableAndVisible() throws Exception {
		String name = unique("crowd");
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			answers.add(pingAsync(name, "10.40." + (i / 250) + "." + (i % 250 + 1), 8080));
		}
		for (CompletableFuture<HttpResponse<String>> answer : answers) {
			assertThat(json.readTree(answer.get().body()).get("result").asBoolean()).isTrue();
		}
		assertThat(storedInstances(name)).isEqualTo(200);
		assertThat(events(name, "REGISTERED")).isEqualTo(200);
		assertThat(locate(name)).hasSize(200);
	}

	@Test
	void registrationsThatArriveDuringAWriteShareTheNextTransaction() throws Exception {
		String name = unique("gathered");
		double batchesBefore = batches();
		CompletableFuture<HttpResponse<String>> first;
		List<CompletableFuture<HttpResponse<String>>> gathered = new ArrayList<>();
		try (HeldEndpoint held = new HeldEndpoint(this.dataSource, "10.41.0.1", 8080)) {
			first = pingAsync(name, "10.41.0.1", 8080);
			await().atMost(Duration.ofSeconds(30)).until(held::waitedFor);
			for (int i = 2; i <= 51; i++) {
				gathered.add(pingAsync(name, "10.41.0." + i, 8080));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.batcher.queued() == 50);
			assertThat(first).as("not answered before its commit").isNotDone();
			assertThat(gathered).as("not answered before their commit").noneMatch(CompletableFuture::isDone);
			assertThat(storedInstances(name)).isZero();
		}
		assertThat(json.readTree(first.get().body()).get("result").asBoolean()).isTrue();
		for (CompletableFuture<HttpResponse<String>> answer : gathered) {
			assertThat(json.readTree(answer.get().body()).get("result").asBoolean()).isTrue();
		}
		assertThat(batches() - batchesBefore).as("the held one, then the 50 gathered meanwhile").isEqualTo(2);
		assertThat(storedInstances(name)).isEqualTo(51);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT change_index) FROM registry_event WHERE name = ?")
			.param(name)
			.query(Long.class)
			.single()).as("one change index per transaction").isEqualTo(2);
	}

	@Test
	void aFailedTransactionFailsExactlyItsCallersAndWritesNothingOfThem() throws Exception {
		String name = unique("doomed");
		String poison = unique("poison");
		// A real failure inside the transaction, after the instance rows are written: the
		// event of the poisoned service cannot be inserted.
		this.jdbc.sql("""
				CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    RAISE EXCEPTION 'refused by the test';
				END
				$$""").update();
		this.jdbc
			.sql("CREATE TRIGGER refuse_poison BEFORE INSERT ON registry_event FOR EACH ROW WHEN (NEW.name = '" + poison
					+ "') EXECUTE FUNCTION refuse_poison()")
			.update();
		try {
			String before = unique("before");
			ping(before, "10.42.0.1", 8080);
			CompletableFuture<HttpResponse<String>> first;
			List<CompletableFuture<HttpResponse<String>>> doomed = new ArrayList<>();
			try (HeldEndpoint held = new HeldEndpoint(this.dataSource, "10.42.0.2", 8080)) {
				first = pingAsync(unique("alone"), "10.42.0.2", 8080);
				await().atMost(Duration.ofSeconds(30)).until(held::waitedFor);
				doomed.add(pingAsync(name, "10.42.0.3", 8080));
				doomed.add(pingAsync(name, "10.42.0.4", 8080));
				// a revival of an existing row, in the same transaction
				doomed.add(pingAsync(name, "10.42.0.1", 8080));
				doomed.add(pingAsync(poison, "10.42.0.5", 8080));
				await().atMost(Duration.ofSeconds(30)).until(() -> this.batcher.queued() == 4);
			}
			assertThat(json.readTree(first.get().body()).get("result").asBoolean())
				.as("the transaction before is not touched")
				.isTrue();
			for (CompletableFuture<HttpResponse<String>> answer : doomed) {
				JsonNode error = json.readTree(answer.get().body()).get("error");
				assertThat(answer.get().statusCode()).isEqualTo(200);
				assertThat(error.get("code").asInt()).isEqualTo(-32603);
			}
			assertThat(storedInstances(name)).isZero();
			assertThat(storedInstances(poison)).isZero();
			assertThat(storedInstances(before)).as("the moved endpoint stays where it was").isEqualTo(1);
			assertThat(events(name, "REGISTERED") + events(name, "MOVED") + events(poison, "REGISTERED")).isZero();

			ping(name, "10.42.0.3", 8080);
			assertThat(locate(name)).as("registrations after it are written").hasSize(1);
		}
		finally {
			this.jdbc.sql("DROP TRIGGER refuse_poison ON registry_event").update();
			this.jdbc.sql("DROP FUNCTION refuse_poison()").update();
		}
	}

	@Test
	void aRefusedRegistrationIsRefusedAloneAndTheOthersOfItsTransactionAreWritten() throws Exception {
		// An endpoint alive under a service the caller may not write: the rules refuse it
		// inside the transaction without failing the others.
		String owner = unique("owner");
		String name = unique("neighbour");
		ping(owner, "10.43.0.1", 8080);
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		CompletableFuture<RegistrationOutcome> refused;
		try (HeldEndpoint held = new HeldEndpoint(this.dataSource, "10.43.0.9", 8080)) {
			answers.add(pingAsync(name, "10.43.0.9", 8080));
			await().atMost(Duration.ofSeconds(30)).until(held::waitedFor);
			answers.add(pingAsync(name, "10.43.0.2", 8080));
			refused = CompletableFuture.supplyAsync(() -> this.registry
				.ping(new Registration(name, new Endpoint("10.43.0.1", 8080), null, null), (service) -> false));
			answers.add(pingAsync(name, "10.43.0.3", 8080));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.batcher.queued() == 3);
		}
		for (CompletableFuture<HttpResponse<String>> answer : answers) {
			assertThat(json.readTree(answer.get().body()).get("result").asBoolean()).isTrue();
		}
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(refused::get)
			.withCauseInstanceOf(EndpointTakenException.class);
		assertThat(storedInstances(name)).isEqualTo(3);
		assertThat(storedInstances(owner)).isEqualTo(1);
	}

	@Test
	void aJsonRpcBatchOfRegistrationsIsWrittenInOneTransactionAndEachCallKeepsItsAnswer() throws Exception {
		String name = unique("batched");
		StringBuilder body = new StringBuilder("[");
		for (int i = 1; i <= 50; i++) {
			body.append("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"")
				.append(name)
				.append("\",\"10.45.0.")
				.append(i)
				.append("\",8080],\"id\":")
				.append(i)
				.append("},");
		}
		// a notification, a call the rules refuse, then a lookup that must see the writes
		body.append("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"")
			.append(name)
			.append("\",\"10.45.1.1\",8080]},");
		body.append("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"")
			.append(name)
			.append("\",\"10.45.1.2\",70000],\"id\":\"bad\"},");
		body.append("{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"")
			.append(name)
			.append("\"],\"id\":\"look\"}]");
		double batchesBefore = batches();
		double writtenBefore = batchedRegistrations();

		JsonNode answers = json.readTree(postJson("/api", body.toString()).body());

		assertThat(answers).hasSize(53);
		for (int i = 1; i <= 50; i++) {
			JsonNode answer = answers.get(i - 1);
			assertThat(answer.get("id").asInt()).isEqualTo(i);
			assertThat(answer.get("result").asBoolean()).isTrue();
		}
		assertThat(answers.get(50).get("result").asString()).isEqualTo("received");
		assertThat(answers.get(51).get("id").asString()).isEqualTo("bad");
		assertThat(answers.get(51).get("error").get("code").asInt()).isEqualTo(-32602);
		assertThat(answers.get(52).get("result")).as("the lookup sees the batch's writes").hasSize(51);
		assertThat(batches() - batchesBefore).as("one transaction for the batch's 51 registrations").isEqualTo(1);
		assertThat(batchedRegistrations() - writtenBefore).isEqualTo(51);
		assertThat(storedInstances(name)).isEqualTo(51);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT change_index) FROM registry_event WHERE name = ?")
			.param(name)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void twoHeartbeatsOfOneEndpointInABatchAreWrittenInTheirOrder() throws Exception {
		String name = unique("twice");
		String call = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name
				+ "\",\"10.46.0.1\",8080,{\"version\":\"%s\"}],\"id\":\"%s\"}";
		JsonNode answers = json.readTree(
				postJson("/api", "[" + call.formatted("1.0", "a") + "," + call.formatted("2.0", "b") + "]").body());
		assertThat(answers.get(0).get("result").asBoolean()).isTrue();
		assertThat(answers.get(1).get("result").asBoolean()).isTrue();
		assertThat(this.jdbc.sql("SELECT version FROM registry_instance WHERE name = ?")
			.param(name)
			.query(String.class)
			.single()).isEqualTo("2.0");
		assertThat(events(name, "REGISTERED")).isEqualTo(1);
		assertThat(events(name, "UPDATED")).isEqualTo(1);
	}

	private CompletableFuture<HttpResponse<String>> pingAsync(String name, String host, int port) {
		String body = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name + "\",\"" + host + "\"," + port
				+ "],\"id\":1}";
		return this.http.sendAsync(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private long storedInstances(String name) {
		return this.jdbc.sql("SELECT count(*) FROM registry_instance WHERE name = ?")
			.param(name)
			.query(Long.class)
			.single();
	}

	private long events(String name, String type) {
		return this.jdbc.sql("SELECT count(*) FROM registry_event WHERE name = ? AND type = ?")
			.params(name, type)
			.query(Long.class)
			.single();
	}

	private double batchedRegistrations() {
		return this.meters.get("cairn.registry.registrations.batch").summary().totalAmount();
	}

	private double batches() {
		return this.meters.get("cairn.registry.registrations.batch").summary().count();
	}

}
