package io.cairn.consul;

import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.consul.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on what the client sent, as the simulator recorded it.
 */
final class RecordedSupport {

	private RecordedSupport() {
	}

	static void assertParam(ConsulSimulator simulator, String path, String name, String value) {
		assertThat(simulator.requests(path)).as("requests to " + path)
			.anySatisfy((RecordedRequest r) -> assertThat(r.param(name)).isEqualTo(value));
	}

	static void assertHeader(ConsulSimulator simulator, String path, String name, String value) {
		assertThat(simulator.requests(path)).as("requests to " + path)
			.anySatisfy((RecordedRequest r) -> assertThat(r.header(name)).isEqualTo(value));
	}

}
