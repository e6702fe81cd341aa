package io.cairn.testkit.consul;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.cairn.testkit.consul.RouteTable.ANY;
import static io.cairn.testkit.consul.RouteTable.GET;
import static io.cairn.testkit.consul.RouteTable.PUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The pattern rules of the Consul simulator's routing table.
 */
class RouteTableTests {

	private final RouteTable routes = new RouteTable();

	RouteTableTests() {
		this.routes.add(GET, "/v1/kv/{key...}", (r, p) -> answer("kv " + p.get("key")));
		this.routes.add(PUT, "/v1/acl/token", (r, p) -> answer("create"));
		this.routes.add(ANY, "/v1/acl/token/self", (r, p) -> answer("self"));
		this.routes.add(GET, "/v1/acl/token/{id}", (r, p) -> answer("read " + p.get("id")));
		this.routes.add(PUT, "/v1/acl/token/{id}", (r, p) -> answer("update " + p.get("id")));
		this.routes.add(PUT, "/v1/acl/token/{id}/clone", (r, p) -> answer("clone " + p.get("id")));
	}

	@Test
	void aTailVariableTakesTheRestOfThePathWithItsSlashes() throws Exception {
		assertThat(dispatch(GET, "/v1/kv/a/b/")).isEqualTo("200 kv a/b/");
		assertThat(dispatch(GET, "/v1/kv/")).isEqualTo("200 kv ");
		assertThat(dispatch(GET, "/v1/kv")).isEqualTo("200 kv ");
	}

	@Test
	void aSegmentVariableIsOneSegmentAndEmptyWhenThePathStopsBeforeIt() throws Exception {
		assertThat(dispatch(GET, "/v1/acl/token/abc")).isEqualTo("200 read abc");
		assertThat(dispatch(PUT, "/v1/acl/token/abc/clone")).isEqualTo("200 clone abc");
		assertThat(dispatch(PUT, "/v1/acl/token//clone")).isEqualTo("200 clone ");
		assertThat(dispatch(GET, "/v1/acl/token/abc/other")).isEqualTo("404 404 page not found");
	}

	@Test
	void aTrailingSlashIsIgnoredOutsideATail() throws Exception {
		assertThat(dispatch(PUT, "/v1/acl/token/")).isEqualTo("200 create");
		assertThat(dispatch(PUT, "/v1/acl/token/abc/")).isEqualTo("200 update abc");
	}

	@Test
	void theFirstMatchingPatternNamesTheEndpoint() throws Exception {
		assertThat(dispatch("DELETE", "/v1/acl/token/self")).isEqualTo("200 self");
		assertThat(dispatch(GET, "/v1/acl/token")).isEqualTo("405 method GET not allowed");
		assertThat(dispatch("DELETE", "/v1/acl/token/abc")).isEqualTo("405 method DELETE not allowed");
	}

	@Test
	void aPathNoPatternMatchesIsNotFound() throws Exception {
		assertThat(dispatch(GET, "/v1/acl/tokens")).isEqualTo("404 404 page not found");
		assertThat(dispatch(GET, "/v1/nothing")).isEqualTo("404 404 page not found");
	}

	@Test
	void aRouteIsAddedOnce() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.routes.add(GET, "/v1/acl/token/{id}", (r, p) -> answer("again")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.routes.add(GET, "/v2/x", (r, p) -> answer("v2")));
	}

	private String dispatch(String method, String path) throws InterruptedException {
		List<String> segments = Arrays.asList(path.substring(4).split("/", -1));
		ApiResponse response = this.routes
			.dispatch(new ApiRequest(method, path, segments, Map.of(), null, Map.of(), new byte[0]));
		String body = (response.raw != null) ? new String(response.raw, StandardCharsets.UTF_8) : "";
		return response.status + " " + body;
	}

	private static ApiResponse answer(String text) {
		return ApiResponse.text(200, text);
	}

}
