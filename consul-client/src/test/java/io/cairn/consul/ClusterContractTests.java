package io.cairn.consul;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.coordinate.Coordinate;
import io.cairn.consul.model.coordinate.NodeCoordinate;
import io.cairn.consul.model.event.EventFilter;
import io.cairn.consul.model.event.UserEvent;
import io.cairn.consul.model.query.PreparedQuery;
import io.cairn.consul.model.query.QueryResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Events, status, Raft operator, coordinates, snapshots and prepared queries.
 */
class ClusterContractTests extends AbstractSimulatedAgentTests {

	@Test
	void eventsFireWithBinaryPayloadAndFiltersAndListBlocks() throws Exception {
		byte[] payload = { 1, 2, 3, (byte) 0x80 };
		UserEvent fired = consul.event()
			.fire("deploy", payload, new EventFilter("node-.*", "web", "v1"), QueryOptions.NONE);
		assertThat(fired.name()).isEqualTo("deploy");
		assertThat(fired.serviceFilter()).isEqualTo("web");
		ConsulResponse<List<UserEvent>> list = consul.event().list("deploy", EventFilter.NONE, QueryOptions.NONE);
		assertThat(list.value()).singleElement().satisfies((event) -> {
			assertThat(event.payload()).containsExactly(payload);
			assertThat(event.lTime()).isPositive();
		});
		RecordedSupport.assertParam(simulator, "/v1/event/fire/deploy", "node", "node-.*");
		CompletableFuture<ConsulResponse<List<UserEvent>>> next = consul.async((c) -> c.event()
			.list("deploy", EventFilter.NONE, QueryOptions.NONE.index(list.index()).waitFor("30s")));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> simulator.requests("/v1/event/list").stream().anyMatch((r) -> r.param("index") != null));
		assertThat(next).isNotDone();
		consul.event().fire("deploy", null, EventFilter.NONE, QueryOptions.NONE);
		assertThat(next.get(10, TimeUnit.SECONDS).value()).hasSize(2);
		assertThatThrownBy(() -> consul.event().fire("_reserved", null, EventFilter.NONE, QueryOptions.NONE))
			.isInstanceOf(ConsulRequestException.class);
	}

	@Test
	void statusAndRaft() {
		assertThat(consul.status().leader()).isEqualTo("127.0.0.1:8300");
		assertThat(consul.status().peers(QueryOptions.NONE)).containsExactly("127.0.0.1:8300");
		var configuration = consul.operator().raftConfiguration(QueryOptions.NONE).value();
		assertThat(configuration.servers()).singleElement().satisfies((server) -> assertThat(server.leader()).isTrue());
		assertThatThrownBy(() -> consul.operator().removePeerByAddress("10.9.9.9:8300"))
			.isInstanceOf(ConsulServerException.class)
			.hasMessageContaining("not found in the Raft configuration");
		assertThat(consul.operator().transferLeader(null)).isTrue();
	}

	@Test
	void coordinates() {
		assertThat(consul.coordinate().datacenters().value()).singleElement()
			.satisfies((dc) -> assertThat(dc.areaId()).isEqualTo("WAN"));
		consul.coordinate()
			.update(new NodeCoordinate(simulator.nodeName(), "",
					new Coordinate(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8), 0.5, 0.01, 0.0001)));
		assertThat(consul.coordinate().node(simulator.nodeName(), QueryOptions.NONE).value()).singleElement()
			.satisfies((c) -> assertThat(c.coord().error()).isEqualTo(0.5));
		assertThat(consul.coordinate().nodes(QueryOptions.NONE).value()).isNotEmpty();
		assertThat(consul.coordinate().node("unknown", QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void snapshotSaveAndRestoreStreams() {
		consul.kv().put("snap/a", "before");
		ByteArrayOutputStream archive = new ByteArrayOutputStream();
		ResponseMeta meta = consul.snapshot().save(archive, QueryOptions.NONE);
		assertThat(meta.index()).isPositive();
		assertThat(archive.size()).isPositive();
		consul.kv().put("snap/a", "after");
		consul.kv().put("snap/b", "new");
		consul.snapshot().restore(new ByteArrayInputStream(archive.toByteArray()), QueryOptions.NONE);
		assertThat(consul.kv().getString("snap/a")).contains("before");
		assertThat(consul.kv().get("snap/b").value()).isEmpty();
	}

	@Test
	void preparedQueriesCreateReadUpdateExecuteExplainDelete() {
		consul.agent()
			.registerService(ServiceRegistration.of("pq-1", "pq")
				.withAddress("10.0.0.3", 9000)
				.withChecks(CheckRegistration.ttl("pq-1-ttl", "ttl", Duration.ofMinutes(5)).withStatus("passing")));
		String id = consul.query().create(PreparedQuery.of("pq-query", "pq"), QueryOptions.NONE);
		assertThat(consul.query().read(id, QueryOptions.NONE).value().orElseThrow().name()).isEqualTo("pq-query");
		assertThat(consul.query().list(QueryOptions.NONE).value()).extracting(PreparedQuery::id).contains(id);
		QueryResult result = consul.query().execute("pq-query", "_agent", 5, QueryOptions.NONE).value();
		assertThat(result.service()).isEqualTo("pq");
		assertThat(result.instances()).singleElement().satisfies((i) -> assertThat(i.service().port()).isEqualTo(9000));
		assertThat(consul.query().explain(id, QueryOptions.NONE).value().query().service().service()).isEqualTo("pq");
		consul.query()
			.update(id,
					new PreparedQuery(id, "pq-renamed", null, null,
							new PreparedQuery.Service("pq", null, null, true, null, List.of("x"), null, null, null),
							null, null, 0, 0));
		assertThat(consul.query().read(id, QueryOptions.NONE).value().orElseThrow().name()).isEqualTo("pq-renamed");
		consul.query().delete(id);
		assertThat(consul.query().read(id, QueryOptions.NONE).value()).isEmpty();
		assertThatThrownBy(() -> consul.query().execute(id, null, 0, QueryOptions.NONE))
			.isInstanceOf(ConsulNotFoundException.class);
	}

	@Test
	void rawRequestsReachEndpointsNotModelledYet() {
		consul.kv().put("raw/key", "v");
		ConsulResponse<byte[]> raw = consul.raw("GET", "/v1/kv/raw/key", Map.of("raw", "true"), null,
				QueryOptions.NONE);
		assertThat(new String(raw.value())).isEqualTo("v");
		assertThat(raw.index()).isPositive();
		// Cluster peering is not simulated: a 404 on a raw read is an error, not an
		// empty value.
		assertThatThrownBy(() -> consul.raw("GET", "peerings", Map.of(), null, QueryOptions.NONE))
			.isInstanceOf(ConsulNotFoundException.class);
		assertThatThrownBy(() -> consul.raw("PATCH", "kv/x", Map.of(), null, QueryOptions.NONE))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
