package io.cairn.registry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.store.RegistryStore;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TTL expiry, revival and retention, driven by the test clock (the default TTL is 60 s
 * and the retention 1 h).
 */
class ExpiryTests extends RegistryTestSupport {

	@Autowired
	private RenewalCoalescer renewals;

	@Autowired
	private RegistryStore store;

	@Test
	void anInstanceNotRenewedWithinTheTtlIsNotReturnedAndItsExpiryIsAnEvent() throws Exception {
		String name = unique("expiring");
		ping(name, "10.3.0.1", 80);
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(locate(name)).hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(locate(name)).as("the TTL is applied when reading").isEmpty();

		this.reaper.runOnce();
		JsonNode events = json.readTree(get("/v1/events?service=" + name).body()).get("events");
		assertThat(events.get(0).get("type").asString()).isEqualTo("EXPIRED");
		JsonNode all = json.readTree(get("/v1/instances?service=" + name + "&all=true").body()).get("instances");
		assertThat(all).hasSize(1);
		assertThat(all.get(0).get("alive").asBoolean()).isFalse();
	}

	@Test
	void coalescedRenewalsKeepAnInstanceAlive() throws Exception {
		String name = unique("renewing");
		ping(name, "10.3.0.2", 80);
		this.clock.advance(Duration.ofSeconds(40));
		ping(name, "10.3.0.2", 80);
		this.renewals.flush();
		this.clock.advance(Duration.ofSeconds(40));
		this.reaper.runOnce();
		assertThat(locate(name)).as("renewed 40 s ago").hasSize(1);
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(locate(name)).as("renewed 60 s ago").isEmpty();
	}

	@Test
	void aPingAfterExpiryRevivesTheInstanceAtOnce() throws Exception {
		String name = unique("reviving");
		ping(name, "10.3.0.3", 80);
		this.clock.advance(Duration.ofSeconds(61));
		this.reaper.runOnce();
		ping(name, "10.3.0.3", 80);
		assertThat(locate(name)).hasSize(1);
		JsonNode events = json.readTree(get("/v1/events?service=" + name).body()).get("events");
		assertThat(events.get(0).get("type").asString()).isEqualTo("REVIVED");
		assertThat(events.get(1).get("type").asString()).isEqualTo("EXPIRED");
	}

	@Test
	void expiredInstancesAreDeletedAfterTheRetentionPeriod() throws Exception {
		String name = unique("retired");
		ping(name, "10.3.0.4", 80);
		this.clock.advance(Duration.ofSeconds(61));
		this.reaper.runOnce();
		this.clock.advance(Duration.ofHours(1));
		this.reaper.runOnce();
		assertThat(json.readTree(get("/v1/instances?service=" + name + "&all=true").body()).get("instances")).isEmpty();
		JsonNode events = json.readTree(get("/v1/events?service=" + name).body()).get("events");
		assertThat(events.get(0).get("type").asString()).isEqualTo("REMOVED");
		ping(name, "10.3.0.4", 80);
		assertThat(json.readTree(get("/v1/events?service=" + name + "&limit=1").body())
			.get("events")
			.get(0)
			.get("type")
			.asString()).isEqualTo("REGISTERED");
	}

	/**
	 * Fault suite, defect 9: a replica answered a renewal from memory because it had
	 * acknowledged one within the TTL, though that one was never written; the row was
	 * past the TTL, and another replica's sweep expired the instance 0.26 s after the
	 * answer.
	 */
	@Test
	void d9ARenewalWhoseLastWriteIsTooOldForTheFlushToLandInTimeIsWrittenBeforeItIsAcknowledged() throws Exception {
		String name = unique("d9");
		Endpoint endpoint = new Endpoint("10.3.0.9", 80);
		ping(name, "10.3.0.9", 80);
		this.clock.advance(Duration.ofSeconds(30));
		ping(name, "10.3.0.9", 80);
		// Acknowledged from memory, and its write never lands (a flush that failed until
		// the replica stopped, say).
		this.renewals.discard(endpoint);
		this.clock.advance(Duration.ofSeconds(29));
		ping(name, "10.3.0.9", 80);

		// Another replica's sweep, which cannot know what this one acknowledged.
		this.clock.advance(Duration.ofSeconds(2));
		Instant now = this.clock.instant();
		assertThat(this.store.expire(now.minus(Duration.ofSeconds(60)), now, Set.of()))
			.as("expired after an acknowledged renewal")
			.doesNotContain(endpoint);
		assertThat(json.readTree(get("/v1/events?service=" + name).body()).get("events").findValuesAsString("type"))
			.containsExactly("REGISTERED");
	}

}
