package io.cairn.testkit.consul;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which answer each method and path gets: every endpoint of the routing table with its
 * own method and with others, paths below and beside them, trailing slashes, with ACLs
 * off and on (and the legacy ACL API), and without a leader. The transcript (status,
 * {@code X-Consul-Index}, the body with IDs and times masked) is written to
 * {@code target/consul-routing.txt} and compared with {@code consul-routing.txt}, so that
 * a routing change shows line by line. The copy was recorded when the routing became one
 * table; against the routing before, it differed only where Consul serves nothing: paths
 * below an endpoint ({@code /v1/agent/self/x}, now 404) and other methods on an endpoint
 * that checked its parameters first (now 405).
 */
class ConsulSimulatorRoutingTests {

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ][0-9:.]+([+-][0-9:]+|Z)?( UTC)?");

	private static final Pattern LONG_NUMBER = Pattern.compile("\\d{10,}");

	private static final Pattern BASE64_HASH = Pattern.compile("\"Hash\":\"[^\"]*\"");

	private static final String[] METHODS = { "GET", "PUT", "POST", "DELETE", "PATCH" };

	private static final List<String> PATHS = List.of("/v1/kv/app/key", "/v1/kv/app/", "/v1/kv", "/v1/kv/", "/v1/txn",
			"/v1/txn/extra", "/v1/session/create", "/v1/session/destroy/not-a-uuid", "/v1/session/destroy",
			"/v1/session/renew/00000000-0000-0000-0000-000000000009",
			"/v1/session/info/00000000-0000-0000-0000-000000000009", "/v1/session/node/sim-node", "/v1/session/list",
			"/v1/session/list/extra", "/v1/session", "/v1/session/bogus", "/v1/agent/self", "/v1/agent/self/",
			"/v1/agent/self/extra", "/v1/agent/version", "/v1/agent/members", "/v1/agent/join/10.1.2.3",
			"/v1/agent/join", "/v1/agent/leave", "/v1/agent/reload", "/v1/agent/force-leave/gone",
			"/v1/agent/force-leave", "/v1/agent/maintenance", "/v1/agent/maintenance?enable=maybe",
			"/v1/agent/metrics?format=prometheus", "/v1/agent/token/agent", "/v1/agent/token/bogus", "/v1/agent/token",
			"/v1/agent/services", "/v1/agent/service/register", "/v1/agent/service/deregister/x",
			"/v1/agent/service/deregister", "/v1/agent/service/maintenance/x?enable=true", "/v1/agent/service/x",
			"/v1/agent/service/a/b", "/v1/agent/service", "/v1/agent/checks", "/v1/agent/check/register",
			"/v1/agent/check/deregister/x", "/v1/agent/check/pass/x", "/v1/agent/check/warn/x",
			"/v1/agent/check/fail/x", "/v1/agent/check/update/x", "/v1/agent/check/bogus/x", "/v1/agent/check",
			"/v1/agent/health/service/id/x", "/v1/agent/health/service/name/x", "/v1/agent/health/service/id",
			"/v1/agent/health/service/bogus/x", "/v1/agent/health/other/id/x", "/v1/agent/bogus", "/v1/agent",
			"/v1/agent/monitor/extra", "/v1/catalog/register", "/v1/catalog/deregister", "/v1/catalog/datacenters",
			"/v1/catalog/nodes", "/v1/catalog/services", "/v1/catalog/service/consul", "/v1/catalog/service/",
			"/v1/catalog/connect/web", "/v1/catalog/node/sim-node", "/v1/catalog/node/none",
			"/v1/catalog/node-services/sim-node", "/v1/catalog/gateway-services/gw", "/v1/catalog/bogus",
			"/v1/health/node/sim-node", "/v1/health/checks/web", "/v1/health/service/consul", "/v1/health/connect/web",
			"/v1/health/ingress/web", "/v1/health/state/any", "/v1/health/state/bogus", "/v1/health/bogus",
			"/v1/event/fire/deploy", "/v1/event/fire/_x", "/v1/event/fire", "/v1/event/list?name=deploy",
			"/v1/event/bogus", "/v1/status/leader", "/v1/status/peers", "/v1/status/bogus", "/v1/acl/bootstrap",
			"/v1/acl/replication", "/v1/acl/token", "/v1/acl/token/", "/v1/acl/token/self",
			"/v1/acl/token/00000000-0000-0000-0000-000000000009",
			"/v1/acl/token/00000000-0000-0000-0000-000000000009/clone", "/v1/acl/tokens", "/v1/acl/policy",
			"/v1/acl/policy/name/global-management", "/v1/acl/policy/00000000-0000-0000-0000-000000000001",
			"/v1/acl/policies", "/v1/acl/role", "/v1/acl/role/name/none", "/v1/acl/role/x", "/v1/acl/roles",
			"/v1/acl/auth-method", "/v1/acl/auth-method/none", "/v1/acl/auth-methods", "/v1/acl/binding-rule",
			"/v1/acl/binding-rule/none", "/v1/acl/binding-rules?authmethod=none", "/v1/acl/templated-policies",
			"/v1/acl/templated-policy/name/builtin/dns", "/v1/acl/templated-policy/name/none",
			"/v1/acl/templated-policy/preview/builtin/dns", "/v1/acl/templated-policy/bogus", "/v1/acl/login",
			"/v1/acl/logout", "/v1/acl/create", "/v1/acl/update", "/v1/acl/destroy/x", "/v1/acl/info/x",
			"/v1/acl/clone/x", "/v1/acl/list", "/v1/acl/bogus", "/v1/acl", "/v1/query", "/v1/query/", "/v1/query/none",
			"/v1/query/none/execute", "/v1/query/none/explain", "/v1/coordinate/datacenters", "/v1/coordinate/nodes",
			"/v1/coordinate/node/sim-node", "/v1/coordinate/node/none", "/v1/coordinate/update", "/v1/coordinate/bogus",
			"/v1/operator/raft/configuration", "/v1/operator/raft/peer?id=x", "/v1/operator/raft/peer",
			"/v1/operator/raft/transfer-leader", "/v1/operator/raft/bogus", "/v1/operator/autopilot/configuration",
			"/v1/operator/autopilot/health", "/v1/operator/autopilot/state", "/v1/operator/autopilot/bogus",
			"/v1/operator/keyring", "/v1/operator/usage", "/v1/operator/bogus", "/v1/config", "/v1/config/",
			"/v1/config/service-defaults", "/v1/config/service-defaults/", "/v1/config/service-defaults/web",
			"/v1/config/bogus", "/v1/config/bogus/web", "/v1/connect/ca/roots", "/v1/connect/ca/roots?pem=true",
			"/v1/connect/ca/configuration", "/v1/connect/ca/bogus", "/v1/connect/intentions/exact",
			"/v1/connect/intentions/exact?source=a&destination=b", "/v1/connect/intentions/match?by=source&name=a",
			"/v1/connect/intentions/check?source=a&destination=b", "/v1/connect/intentions/bogus", "/v1/connect/bogus",
			"/v1/snapshot", "/v1/snapshot/extra", "/v1/bogus", "/v1/", "/v2/kv/x", "/");

	private static final List<String> WITHOUT_LEADER = List.of("/v1/kv/app/key", "/v1/kv/app/key?stale",
			"/v1/agent/self", "/v1/agent/bogus", "/v1/status/leader", "/v1/event/list", "/v1/catalog/datacenters",
			"/v1/catalog/nodes", "/v1/coordinate/datacenters", "/v1/operator/keyring", "/v1/operator/usage",
			"/v1/acl/bootstrap", "/v1/bogus");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void everyMethodAndPathGetsItsRecordedAnswer() throws Exception {
		List<String> transcript = new ArrayList<>();
		try (ConsulSimulator consul = ConsulSimulator.builder().jitter(false).start()) {
			transcript.add("# ACLs off");
			probe(consul, PATHS, null, transcript);
		}
		try (ConsulSimulator consul = ConsulSimulator.builder().jitter(false).acl("root").legacyAcl(true).start()) {
			transcript.add("# ACLs on, legacy API");
			probe(consul, PATHS, "root", transcript);
			transcript.add("# ACLs on, no token");
			probe(consul, List.of("/v1/kv/x", "/v1/status/leader", "/v1/agent/version", "/v1/acl/bootstrap"), null,
					transcript);
		}
		try (ConsulSimulator consul = ConsulSimulator.builder().jitter(false).start()) {
			consul.faults().noLeader(true);
			transcript.add("# no leader");
			probe(consul, WITHOUT_LEADER, null, transcript);
		}
		Path recorded = Path.of("target", "consul-routing.txt");
		Files.createDirectories(recorded.getParent());
		Files.write(recorded, transcript);
		List<String> expected;
		try (InputStream in = getClass().getResourceAsStream("consul-routing.txt")) {
			assertThat(in).as("the recorded transcript consul-routing.txt").isNotNull();
			expected = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
		}
		assertThat(transcript).containsExactlyElementsOf(expected);
	}

	private void probe(ConsulSimulator consul, List<String> paths, String token, List<String> transcript)
			throws IOException, InterruptedException {
		for (String path : paths) {
			for (String method : METHODS) {
				transcript.add(method + " " + path + " -> " + send(consul, method, path, token));
			}
		}
	}

	private String send(ConsulSimulator consul, String method, String path, String token)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(consul.baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString("{}"));
		if (token != null) {
			request.header("X-Consul-Token", token);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		String body = response.body();
		if (path.startsWith("/v1/agent/host") || path.startsWith("/v1/operator/autopilot/")
				|| path.startsWith("/v1/snapshot")) {
			body = "<varies>";
		}
		body = UUID.matcher(body).replaceAll("<uuid>");
		body = TIME.matcher(body).replaceAll("<time>");
		body = LONG_NUMBER.matcher(body).replaceAll("<n>");
		body = BASE64_HASH.matcher(body).replaceAll("\"Hash\":<hash>");
		body = body.replace("\n", "\\n");
		if (body.length() > 240) {
			body = body.substring(0, 240) + "...";
		}
		// An event list's index names its newest event (a random ID).
		String index = path.startsWith("/v1/event/") ? "<event>"
				: response.headers().firstValue("X-Consul-Index").orElse("-");
		return response.statusCode() + " " + index + " " + body;
	}

}
