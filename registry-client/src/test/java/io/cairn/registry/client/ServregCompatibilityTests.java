package io.cairn.registry.client;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.registry.client.test.RegistryServiceProcess;
import io.cairn.registry.client.test.SharedRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * servreg's Python clients and this client see each other, through the JSON-RPC wire on
 * {@code POST /api} exactly as gemstone and pymicroservice send it: a {@code ping}
 * notification ({@code name, url} since 2017-01-28, {@code name, host, port} before) and
 * {@code locate_service}.
 */
class ServregCompatibilityTests {

	private final RegistryServiceProcess registry = SharedRegistry.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final RegistryClient client = RegistryClient.builder().urls(this.registry.url()).build();

	{
		this.client.start();
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void aGemstoneServicePingingItsUrlIsFoundByJavaLookupsAndWatched() throws Exception {
		String name = RegistryClientTests.unique("gemstone");
		assertThat(this.client.instances(name)).isEmpty();
		// gemstone's client: remote.notifications.ping(name=..., url=...), no id.
		JsonNode ack = rpc("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"name\":\"" + name
				+ "\",\"url\":\"http://10.6.0.1:9001/api\"}}");
		assertThat(ack.get("result").asString()).isEqualTo("received");
		await().atMost(Duration.ofSeconds(20)).until(() -> this.client.instances(name).size() == 1);
		RegistryInstance found = this.client.instances(name).get(0);
		assertThat(found.host()).isEqualTo("10.6.0.1");
		assertThat(found.port()).isEqualTo(9001);
		assertThat(found.url()).isEqualTo("http://10.6.0.1:9001/api");
		assertThat(found.secure()).isFalse();
	}

	@Test
	void aServregEraPingOfHostAndPortIsFoundToo() throws Exception {
		String name = RegistryClientTests.unique("servreg");
		rpc("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name + "\",\"10.6.0.2\",9002],\"id\":1}");
		assertThat(this.client.locate(name.substring(0, 8) + "*"))
			.anySatisfy((instance) -> assertThat(instance.port()).isEqualTo(9002));
	}

	@Test
	void aJavaRegistrationIsLocatedByServregClients() throws Exception {
		String name = RegistryClientTests.unique("java");
		this.client.register(NewInstance.of(name, "10.6.0.3", 9003).withVersion("3.1.0"));
		JsonNode located = rpc(
				"{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"" + name + "\"],\"id\":7}");
		assertThat(located.get("result").toString()).isEqualTo("[{\"host\":\"10.6.0.3\",\"port\":9003}]");
	}

	private JsonNode rpc(String body) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.registry.url().resolve("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
