package io.cairn.consul;

import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.coordinate.DatacenterCoordinates;
import io.cairn.consul.model.coordinate.NodeCoordinate;

/**
 * Network coordinates ({@code /v1/coordinate}), the basis of RTT estimates and
 * {@code near} sorting.
 */
public final class CoordinateClient {

	private static final ObjectReader DATACENTERS = Json.reader(new TypeReference<List<DatacenterCoordinates>>() {
	});

	private static final ObjectReader NODES = Json.reader(new TypeReference<List<NodeCoordinate>>() {
	});

	private final Transport transport;

	CoordinateClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The WAN coordinates of the servers of every datacenter.
	 * @return the coordinates by datacenter
	 */
	public ConsulResponse<List<DatacenterCoordinates>> datacenters() {
		return this.transport.execute(
				Request.get("/v1/coordinate/datacenters", "coordinate/datacenters").noConsistency(),
				Decoders.list(DATACENTERS));
	}

	/**
	 * The LAN coordinates of the nodes of a datacenter.
	 * @param options per-request options (blocking, consistency)
	 * @return the coordinates
	 */
	public ConsulResponse<List<NodeCoordinate>> nodes(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/coordinate/nodes", "coordinate/nodes").options(options),
				Decoders.list(NODES));
	}

	/**
	 * The LAN coordinates of one node (one per segment).
	 * @param node the node name
	 * @param options per-request options
	 * @return the coordinates, empty when unknown
	 */
	public ConsulResponse<List<NodeCoordinate>> node(String node, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/coordinate/node/{node}", "coordinate/node/" + Paths.segment(node)).options(options),
				Decoders.list(NODES));
	}

	/**
	 * Update a node's coordinate.
	 * @param coordinate the node and its coordinate
	 */
	public void update(NodeCoordinate coordinate) {
		this.transport.execute(Request.put("/v1/coordinate/update", "coordinate/update")
			.body(Json.write(coordinate), "application/json"), Decoders.ignore());
	}

}
