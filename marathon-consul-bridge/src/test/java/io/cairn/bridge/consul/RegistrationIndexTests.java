package io.cairn.bridge.consul;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.bridge.consul.RegistrationIndex.Registered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RegistrationIndex}: a task's and an app's registrations are found as
 * they are recorded, recorded again, removed and replaced by a sync's listing.
 */
class RegistrationIndexTests {

	private static Registered registered(String serviceId, String agent, String taskId, String appId, long at) {
		return new Registered(serviceId, agent, taskId, appId, "app", at);
	}

	private static List<String> ids(List<Registered> registrations) {
		return registrations.stream().map((entry) -> entry.agentAddress() + "/" + entry.serviceId()).toList();
	}

	@Test
	void aTaskIsFoundByItsIdAndEveryTaskOfAnInstanceByTheInstanceId() {
		RegistrationIndex index = new RegistrationIndex();
		index.put(registered("s1", "h1:8500", "app.instance-1._app.1", "/app", 1));
		index.put(registered("s2", "h1:8500", "app.instance-1._app.2", "/app", 1));
		index.put(registered("s3", "h2:8500", "app.instance-2._app.1", "/app", 1));
		index.put(registered("s4", "h2:8500", "other.marathon-9", "/other", 1));

		assertThat(ids(index.forTask("app.instance-1"))).containsExactlyInAnyOrder("h1:8500/s1", "h1:8500/s2");
		assertThat(ids(index.forTask("app.instance-1._app.2"))).containsExactly("h1:8500/s2");
		assertThat(ids(index.forTask("other.marathon-9"))).containsExactly("h2:8500/s4");
		assertThat(index.forTask("app.instance-3")).isEmpty();
		assertThat(ids(index.forApp("/app"))).containsExactlyInAnyOrder("h1:8500/s1", "h1:8500/s2", "h2:8500/s3");
		assertThat(index.forApp("/nothing")).isEmpty();
	}

	@Test
	void aServiceRecordedAgainOrRemovedIsFoundOnlyWhereItIsNow() {
		RegistrationIndex index = new RegistrationIndex();
		index.put(registered("s1", "h1:8500", "a.instance-1._app.1", "/a", 1));
		// The same service on the same agent, now for another task of another app.
		index.put(registered("s1", "h1:8500", "b.instance-1._app.1", "/b", 2));
		assertThat(index.forTask("a.instance-1._app.1")).isEmpty();
		assertThat(index.forTask("a.instance-1")).isEmpty();
		assertThat(index.forApp("/a")).isEmpty();
		assertThat(index.forApp("/b")).singleElement()
			.satisfies((entry) -> assertThat(entry.recordedNanos()).isEqualTo(2));

		index.remove(registered("s1", "h1:8500", "b.instance-1._app.1", "/b", 3));
		assertThat(index.forTask("b.instance-1")).isEmpty();
		assertThat(index.forApp("/b")).isEmpty();
		assertThat(index.size()).isZero();
	}

	@Test
	void aSyncListingReplacesWhatWasKnownButKeepsNewerWrites() {
		RegistrationIndex index = new RegistrationIndex();
		long syncStart = 100;
		index.put(registered("old", "h1:8500", "a.instance-1._app.1", "/a", 50));
		index.put(registered("new", "h1:8500", "a.instance-2._app.1", "/a", 150));
		index.replace(List.of(registered("listed", "h2:8500", "c.instance-1._app.1", "/c", 99)), syncStart, List.of());

		assertThat(index.forTask("a.instance-1")).isEmpty();
		assertThat(ids(index.forApp("/a"))).containsExactly("h1:8500/new");
		assertThat(ids(index.forTask("c.instance-1"))).containsExactly("h2:8500/listed");
		assertThat(ids(index.forApp("/c"))).containsExactly("h2:8500/listed");
		assertThat(index.size()).isEqualTo(2);
	}

}
