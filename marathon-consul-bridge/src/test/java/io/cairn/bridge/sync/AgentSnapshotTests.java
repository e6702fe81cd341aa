package io.cairn.bridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.consul.model.agent.AgentService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What a full sync found on the agents: a service is in place only when it is on its
 * target agent as desired and nowhere else, and the listing reaches the index as older
 * than the sync.
 */
class AgentSnapshotTests {

	private static final String HOST_AGENT = "http://agent-a:8500";

	private static final String FALLBACK = "http://127.0.0.1:8500";

	private static final DesiredService WEB = new DesiredService("web-1", "web", "agent-a", "10.0.0.1", 31000,
			List.of("marathon"), Map.of(), List.of(), "web.1", "/web");

	@Test
	void aServiceIsInPlaceOnlyOnItsTargetAsDesiredAndNowhereElse() {
		assertThat(snapshot(Map.of(HOST_AGENT, List.of(owned(WEB, 31000)))).placedAsDesired(WEB, HOST_AGENT)).isTrue();
		// A copy left on the fallback agent must go.
		Map<String, List<OwnedService>> twice = new LinkedHashMap<>();
		twice.put(HOST_AGENT, List.of(owned(WEB, 31000)));
		twice.put(FALLBACK, List.of(owned(WEB, 31000)));
		assertThat(snapshot(twice).placedAsDesired(WEB, HOST_AGENT)).isFalse();
		// On the target but not as desired, or only elsewhere.
		assertThat(snapshot(Map.of(HOST_AGENT, List.of(owned(WEB, 31001)))).placedAsDesired(WEB, HOST_AGENT)).isFalse();
		assertThat(snapshot(Map.of(FALLBACK, List.of(owned(WEB, 31000)))).placedAsDesired(WEB, HOST_AGENT)).isFalse();
		assertThat(snapshot(Map.of()).placedAsDesired(WEB, HOST_AGENT)).isFalse();
	}

	@Test
	void theListingIsGatheredByServiceAndRecordedAsOlderThanTheSync() {
		Map<String, List<OwnedService>> found = new LinkedHashMap<>();
		found.put(HOST_AGENT, List.of(owned(WEB, 31000)));
		found.put(FALLBACK, List.of(owned(WEB, 31000), new OwnedService(
				AgentService.of("api-1", "api", null, 80, List.of("marathon")), "api.1", "/api", null)));
		AgentSnapshot snapshot = AgentSnapshot.of(found, 1_000);

		assertThat(snapshot.owned()).isEqualTo(3);
		assertThat(snapshot.serviceIds()).containsExactlyInAnyOrder("web-1", "api-1");
		assertThat(snapshot.placementsOf("web-1")).extracting(AgentSnapshot.Placed::address)
			.containsExactly(HOST_AGENT, FALLBACK);
		assertThat(snapshot.placementsOf("gone")).isEmpty();
		assertThat(snapshot.registrations())
			.extracting(Registered::agentAddress, Registered::serviceId, Registered::name)
			.containsExactly(tuple(HOST_AGENT, "web-1", "web"), tuple(FALLBACK, "web-1", "web"),
					tuple(FALLBACK, "api-1", "api"));
		// Older than the sync: an event that writes during it wins.
		assertThat(snapshot.registrations()).allSatisfy((entry) -> assertThat(entry.recordedNanos()).isEqualTo(999));
	}

	private static AgentSnapshot snapshot(Map<String, List<OwnedService>> found) {
		return AgentSnapshot.of(found, 0);
	}

	private static OwnedService owned(DesiredService service, int port) {
		return new OwnedService(
				AgentService.of(service.serviceId(), service.name(), service.address(), port, service.tags()),
				service.taskId(), service.appId(), null);
	}

}
