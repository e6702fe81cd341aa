package io.cairn.bridge.abuse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.bridge.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding H2: a forged terminal event for a task the bridge does not know made it
 * list the services of the event's {@code host} (with the Consul ACL token) while its
 * registration index was incomplete, so anyone could make it send the token anywhere.
 * Here the index stays incomplete (a catalog node whose agent does not answer), every
 * host agent listens on the port of a listener bound to {@code 127.0.0.2} (an attacker's
 * box), and that listener must receive nothing.
 */
class HostAbuseTests {

	private static final String CONSUL_TOKEN = "h2ConsulAclToken";

	private static ServerSocket attacker;

	private static final List<String> received = new CopyOnWriteArrayList<>();

	private static AbuseWorld world;

	@BeforeAll
	static void start() throws IOException {
		attacker = new ServerSocket();
		attacker.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
		Thread listener = new Thread(HostAbuseTests::listen, "attacker");
		listener.setDaemon(true);
		listener.start();
		world = AbuseWorld.start(Map.of("cairn.bridge.events.callback.enabled", "true",
				"cairn.bridge.consul.agent-port", Integer.toString(attacker.getLocalPort()),
				"cairn.bridge.consul.discover-agents", "true", "cairn.consul.token", CONSUL_TOKEN));
		// A node in the catalog whose agent is down keeps the index incomplete.
		world.central.addNode("dead-node", "127.0.0.3");
		String app = AbuseWorld.app("bystander");
		world.marathon.createApp("{\"id\":\"" + app + "\"}");
		Await.until("registered", () -> world.registeredExactly(app));
		Await.until("a sync that could not list every agent", () -> {
			world.bridge.sync();
			return world.bridge.status().get("sync").get("last").get("errors").toString().contains("127.0.0.3");
		});
	}

	@AfterAll
	static void stop() throws IOException {
		world.close();
		attacker.close();
	}

	private static void listen() {
		while (!attacker.isClosed()) {
			try (Socket socket = attacker.accept()) {
				socket.setSoTimeout(2000);
				InputStream in = socket.getInputStream();
				StringBuilder head = new StringBuilder();
				try {
					int b;
					while (head.indexOf("\r\n\r\n") < 0 && head.length() < 4096 && (b = in.read()) >= 0) {
						head.append((char) b);
					}
				}
				finally {
					received.add(head.toString());
				}
			}
			catch (IOException ex) {
				received.add("connection: " + ex);
			}
		}
	}

	@Test
	void h2AForgedEventsHostIsNeverContacted() throws Exception {
		String port = Integer.toString(attacker.getLocalPort());
		List<String> events = List.of(
				"{\"eventType\":\"status_update_event\",\"appId\":\"/none\",\"taskId\":\"none.1\","
						+ "\"taskStatus\":\"TASK_KILLED\",\"host\":\"127.0.0.2\"}",
				"{\"eventType\":\"status_update_event\",\"appId\":\"/none\",\"taskId\":\"none.2\","
						+ "\"taskStatus\":\"TASK_FAILED\",\"host\":\"127.0.0.2:" + port + "/#\"}",
				"{\"eventType\":\"instance_changed_event\",\"runSpecId\":\"/none\",\"instanceId\":\"none.3\","
						+ "\"condition\":\"Killed\",\"host\":\"127.0.0.2\"}",
				"{\"eventType\":\"status_update_event\",\"appId\":\"/none\",\"taskId\":\"none.4\","
						+ "\"taskStatus\":\"TASK_KILLED\",\"host\":\"user@127.0.0.2\"}");
		for (String event : events) {
			assertThat(world.post("/events", "application/json", event).statusCode()).isBetween(200, 299);
		}
		world.awaitApplied("status_update_event", "none.1", "");
		world.awaitApplied("status_update_event", "none.2", "");
		world.awaitApplied("instance_changed_event", "none.3", "");
		world.awaitApplied("status_update_event", "none.4", "");
		assertThat(received).isEmpty();
	}

}
