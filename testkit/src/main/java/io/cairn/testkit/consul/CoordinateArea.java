package io.cairn.testkit.consul;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/coordinate}: network coordinates of the catalog's nodes (a constant origin
 * until one is updated) and of the WAN servers.
 */
final class CoordinateArea {

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final CatalogArea catalog;

	private final Map<String, ObjectNode> coordinates = new LinkedHashMap<>();

	private long coordinateIndex;

	CoordinateArea(RaftLog raft, ConsulSimulator.Settings settings, CatalogArea catalog) {
		this.raft = raft;
		this.settings = settings;
		this.catalog = catalog;
	}

	void reset(long start) {
		this.coordinates.clear();
		this.coordinateIndex = start;
	}

	/** {@code GET /v1/coordinate/nodes}. */
	ApiResponse nodes(ApiRequest r) throws InterruptedException {
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			this.catalog.nodeNames().forEach((n) -> list.add(coordinate(n)));
			return ApiResponse.read(list, this.coordinateIndex);
		});
	}

	/** {@code GET /v1/coordinate/node/:node}. */
	ApiResponse node(ApiRequest r, String node) throws InterruptedException {
		return this.raft.blocking(r,
				() -> this.catalog.hasNode(node)
						? ApiResponse.read(JSON.createArrayNode().add(coordinate(node)), this.coordinateIndex)
						: ApiResponse.text(404, "").withIndex(this.coordinateIndex));
	}

	/** {@code GET /v1/coordinate/datacenters}: the WAN servers'. */
	ApiResponse datacenters() {
		ObjectNode dc = JSON.createObjectNode();
		dc.put("Datacenter", this.settings.datacenter());
		dc.put("AreaID", "WAN");
		dc.putArray("Coordinates").add(coordinate(this.settings.nodeName() + "." + this.settings.datacenter()));
		return ApiResponse.json(JSON.createArrayNode().add(dc));
	}

	/** {@code PUT /v1/coordinate/update}. */
	ApiResponse update(ApiRequest r) {
		JsonNode body = JSON.readTree(r.body);
		String node = (body != null) ? body.path("Node").asString("") : "";
		if (node.isEmpty() || !body.path("Coord").isObject()) {
			return ApiResponse.bad("Missing Node or Coord");
		}
		ObjectNode stored = JSON.createObjectNode();
		stored.put("Node", node);
		stored.put("Segment", body.path("Segment").asString(""));
		stored.set("Coord", body.get("Coord").deepCopy());
		this.coordinates.put(node, stored);
		this.coordinateIndex = this.raft.next();
		this.raft.changed();
		return ApiResponse.ok();
	}

	private ObjectNode coordinate(String node) {
		ObjectNode stored = this.coordinates.get(node);
		if (stored != null) {
			return stored.deepCopy();
		}
		ObjectNode coordinate = JSON.createObjectNode();
		coordinate.put("Node", node);
		coordinate.put("Segment", "");
		ArrayNode vec = coordinate.putObject("Coord")
			.put("Adjustment", 0.0)
			.put("Error", 1.5)
			.put("Height", 0.0)
			.putArray("Vec");
		for (int i = 0; i < 8; i++) {
			vec.add(0.0);
		}
		return coordinate;
	}

}
