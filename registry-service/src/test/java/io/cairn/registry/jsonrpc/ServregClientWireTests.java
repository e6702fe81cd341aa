package io.cairn.registry.jsonrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact bytes servreg's Python client library (pymicroservice's
 * {@code RemoteService}, on {@code urllib.request}) puts on the wire: {@code json.dumps}
 * spacing, the {@code Content-type} header as urllib capitalises it,
 * {@code Connection: close}, and the notification ping it sends every 30 seconds.
 */
class ServregClientWireTests extends RegistryTestSupport {

	@Test
	void startUpSequenceOfAPymicroserviceClient() throws Exception {
		String name = unique("pyservice");
		// RemoteService.__init__ asks for the service specs first.
		String specs = exchange("{\"jsonrpc\": \"2.0\", \"method\": \"get_service_specs\", \"id\": 1}", null);
		assertThat(specs).startsWith("HTTP/1.1 200");
		JsonNode specsBody = json.readTree(body(specs));
		assertThat(specsBody.get("result").get("methods").has("ping")).isTrue();
		assertThat(specsBody.get("id").asInt()).isEqualTo(1);

		// remote.notifications.ping(name=..., host=..., port=...): no id.
		String ping = exchange("{\"jsonrpc\": \"2.0\", \"method\": \"ping\", \"params\": {\"name\": \"" + name
				+ "\", \"host\": \"192.168.7.21\", \"port\": 8080}}", null);
		assertThat(ping).startsWith("HTTP/1.1 200");
		assertThat(body(ping)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"received\",\"error\":null}");

		// remote.methods.locate_service(name): positional, with an id.
		String located = exchange(
				"{\"jsonrpc\": \"2.0\", \"method\": \"locate_service\", \"params\": [\"" + name + "\"], \"id\": 2}",
				null);
		assertThat(body(located))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":[{\"host\":\"192.168.7.21\",\"port\":8080}],"
					+ "\"error\":null,\"id\":2}");
	}

	@Test
	void aPingThatTheClientRepeatsIsARenewalNotANewInstance() throws Exception {
		String name = unique("repeat");
		String call = "{\"jsonrpc\": \"2.0\", \"method\": \"ping\", \"params\": [\"" + name
				+ "\", \"192.168.7.22\", 8081]}";
		exchange(call, null);
		exchange(call, null);
		exchange(call, null);
		assertThat(locate(name)).hasSize(1);
	}

	/**
	 * Send one request the way urllib does and read the raw response.
	 */
	private String exchange(String body, String apiToken) throws IOException {
		byte[] payload = body.getBytes(StandardCharsets.UTF_8);
		StringBuilder request = new StringBuilder();
		request.append("POST /api HTTP/1.1\r\n");
		request.append("Accept-Encoding: identity\r\n");
		request.append("Content-Length: ").append(payload.length).append("\r\n");
		request.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		request.append("User-Agent: Python-urllib/3.5\r\n");
		request.append("Content-type: application/json\r\n");
		if (apiToken != null) {
			request.append("X-api-token: ").append(apiToken).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.write(payload);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.UTF_8);
		}
	}

	private static String body(String rawResponse) {
		String body = rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4);
		if (rawResponse.toLowerCase().contains("transfer-encoding: chunked")) {
			StringBuilder joined = new StringBuilder();
			String rest = body;
			while (true) {
				int lineEnd = rest.indexOf("\r\n");
				int size = Integer.parseInt(rest.substring(0, lineEnd).trim(), 16);
				if (size == 0) {
					break;
				}
				joined.append(rest, lineEnd + 2, lineEnd + 2 + size);
				rest = rest.substring(lineEnd + 2 + size + 2);
			}
			return joined.toString();
		}
		return body;
	}

}
