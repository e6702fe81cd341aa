package io.cairn.bridge.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.CheckRegistration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consular's mapping (names, IDs, tags, lowest port, no port), the options beyond it and
 * the allegro-compatible mode, against app and task JSON as Marathon writes it.
 */
class ServiceMapperTests {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	static BridgeProperties properties(Map<String, String> values) {
		Map<String, String> all = new LinkedHashMap<>(values);
		return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate(BridgeProperties.PREFIX,
				BridgeProperties.class);
	}

	private static MarathonApp app(String json) {
		return JSON.readValue(json, MarathonApp.class);
	}

	private static MarathonTask task(String json) {
		return JSON.readValue(json, MarathonTask.class);
	}

	private static final MarathonTask RUNNING = task("{\"id\":\"my-app.marathon-1\",\"appId\":\"/my-app\","
			+ "\"host\":\"slave-1234.acme.org\",\"ports\":[31372,31001,31500],\"state\":\"TASK_RUNNING\","
			+ "\"ipAddresses\":[{\"ipAddress\":\"10.0.0.9\",\"protocol\":\"IPv4\"}]}");

	@Test
	void consularMappingIsConsularsRegistration() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of()));
		List<DesiredService> services = mapper.services(app("{\"id\":\"/my-group/my-app\",\"labels\":{\"x\":\"y\"}}"),
				RUNNING);
		assertThat(services).hasSize(1);
		DesiredService service = services.get(0);
		assertThat(service.name()).isEqualTo("my-group-my-app");
		assertThat(service.serviceId()).isEqualTo("my-app.marathon-1");
		assertThat(service.address()).isEqualTo("slave-1234.acme.org");
		assertThat(service.agentHost()).isEqualTo("slave-1234.acme.org");
		assertThat(service.port()).isEqualTo(31001);
		assertThat(service.tags()).containsExactly("consular-reg-id=consular", "consular-app-id=/my-group/my-app");
		assertThat(service.checks()).isEmpty();
		assertThat(service.toRegistration().port()).isEqualTo(31001);
	}

	@Test
	void noPortsMeansNoPortAndTheRegistrationIdAndTagNamesAreConfigurable() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of("cairn.bridge.registration-id", "the-uuid",
				"cairn.bridge.mapping.registration-id-tag", "reg", "cairn.bridge.mapping.app-id-tag", "app")));
		DesiredService service = mapper
			.services(app("{\"id\":\"/my-app\"}"),
					task("{\"id\":\"t\",\"host\":\"h\",\"ports\":[],\"state\":\"TASK_RUNNING\"}"))
			.get(0);
		assertThat(service.port()).isNull();
		assertThat(service.toRegistration().port()).isNull();
		assertThat(service.tags()).containsExactly("reg=the-uuid", "app=/my-app");
		assertThat(mapper.ownershipTag()).isEqualTo("reg=the-uuid");
	}

	@Test
	void onlyRunningTasksOfOptedInAppsThatPassTheirHealthChecks() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of("cairn.bridge.mapping.opt-in-label", "consul")));
		MarathonApp optedOut = app("{\"id\":\"/a\"}");
		MarathonApp checked = app(
				"{\"id\":\"/a\",\"labels\":{\"consul\":\"\"},\"healthChecks\":[{\"protocol\":\"HTTP\"}]}");
		assertThat(mapper.verdict(optedOut, RUNNING).register()).isFalse();
		assertThat(mapper.verdict(checked, RUNNING).reason()).isEqualTo("waiting for the first health check result");
		MarathonTask lost = task("{\"id\":\"t\",\"host\":\"h\",\"state\":\"TASK_LOST\"}");
		assertThat(mapper.verdict(app("{\"id\":\"/a\",\"labels\":{\"consul\":\"\"}}"), lost).register()).isFalse();
		MarathonTask healthy = task("{\"id\":\"t\",\"host\":\"h\",\"state\":\"TASK_RUNNING\","
				+ "\"healthCheckResults\":[{\"alive\":true},{\"alive\":true}]}");
		MarathonTask sick = task("{\"id\":\"t\",\"host\":\"h\",\"state\":\"TASK_RUNNING\","
				+ "\"healthCheckResults\":[{\"alive\":true},{\"alive\":false}]}");
		assertThat(mapper.verdict(checked, healthy).register()).isTrue();
		assertThat(mapper.verdict(checked, sick).reason()).isEqualTo("a health check is failing");
		ServiceMapper ungated = new ServiceMapper(properties(Map.of("cairn.bridge.mapping.health-gating", "false")));
		assertThat(ungated.verdict(checked, RUNNING).register()).isTrue();
	}

	@Test
	void oneServicePerPortNamedFromPortDefinitionsWithLabelTagsAndChecks() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of("cairn.bridge.mapping.service-per-port", "true",
				"cairn.bridge.mapping.label-tag-prefix", "tag.", "cairn.bridge.mapping.consul-checks", "true")));
		MarathonApp app = app("{\"id\":\"/web\",\"labels\":{\"tag.traefik.enable\":\"true\",\"tag.public\":\"\","
				+ "\"other\":\"x\"},\"portDefinitions\":[{\"port\":10000,\"name\":\"http\"},{\"port\":10001},"
				+ "{\"port\":10002,\"name\":\"admin\"}],\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/health\","
				+ "\"portIndex\":2,\"intervalSeconds\":7,\"timeoutSeconds\":3},{\"protocol\":\"MESOS_TCP\"},"
				+ "{\"protocol\":\"COMMAND\",\"command\":{\"value\":\"true\"}}]}");
		MarathonTask task = task("{\"id\":\"web.instance-1._app.1\",\"host\":\"h\",\"ports\":[31000,31001,31002],"
				+ "\"state\":\"TASK_RUNNING\",\"healthCheckResults\":[{\"alive\":true},{\"alive\":true},{\"alive\":true}]}");
		List<DesiredService> services = mapper.services(app, task);
		assertThat(services).extracting(DesiredService::name).containsExactly("web-http", "web-1", "web-admin");
		assertThat(services).extracting(DesiredService::serviceId)
			.containsExactly("web.instance-1._app.1:0", "web.instance-1._app.1:1", "web.instance-1._app.1:2");
		assertThat(services).extracting(DesiredService::port).containsExactly(31000, 31001, 31002);
		assertThat(services.get(0).tags()).containsExactly("consular-reg-id=consular", "consular-app-id=/web", "public",
				"traefik.enable=true");
		List<CheckRegistration> adminChecks = services.get(2).checks();
		assertThat(adminChecks).hasSize(1);
		assertThat(adminChecks.get(0).http()).isEqualTo("http://h:31002/health");
		assertThat(adminChecks.get(0).interval()).isEqualTo("7s");
		assertThat(adminChecks.get(0).timeout()).isEqualTo("3s");
		assertThat(adminChecks.get(0).status()).isEqualTo("passing");
		assertThat(services.get(0).checks()).extracting(CheckRegistration::tcp).containsExactly("h:31000");
		assertThat(services.get(1).checks()).isEmpty();
	}

	@Test
	void containerNetworksOfEveryGenerationUseTheTasksAddress() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of()));
		MarathonApp modern = app("{\"id\":\"/a\",\"networks\":[{\"mode\":\"container\",\"name\":\"calico\"}],"
				+ "\"container\":{\"portMappings\":[{\"containerPort\":9000,\"name\":\"http\"}]}}");
		MarathonApp userNetwork = app(
				"{\"id\":\"/a\",\"container\":{\"type\":\"DOCKER\",\"docker\":{\"network\":\"USER\","
						+ "\"portMappings\":[{\"containerPort\":9001}]}},\"ipAddress\":{\"networkName\":\"n\"}}");
		MarathonApp ipPerTask = app("{\"id\":\"/a\",\"ipAddress\":{\"discovery\":{\"ports\":[{\"number\":9002,"
				+ "\"name\":\"rest\",\"protocol\":\"tcp\"}]}}}");
		MarathonApp bridge = app("{\"id\":\"/a\",\"container\":{\"type\":\"DOCKER\",\"docker\":{\"network\":\"BRIDGE\","
				+ "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}}}");
		MarathonTask task = task("{\"id\":\"t\",\"host\":\"h\",\"ports\":[31555],\"state\":\"TASK_RUNNING\","
				+ "\"ipAddresses\":[{\"ipAddress\":\"fd00::1\",\"protocol\":\"IPv6\"},{\"ipAddress\":\"10.1.2.3\",\"protocol\":\"IPv4\"}]}");
		assertThat(mapper.services(modern, task).get(0)).extracting(DesiredService::address, DesiredService::port)
			.containsExactly("10.1.2.3", 9000);
		assertThat(mapper.services(userNetwork, task).get(0).port()).isEqualTo(9001);
		assertThat(mapper.services(ipPerTask, task).get(0).port()).isEqualTo(9002);
		assertThat(mapper.services(bridge, task).get(0)).extracting(DesiredService::address, DesiredService::port)
			.containsExactly("h", 31555);
		// The service lives on the agent of the task's host, whatever its address.
		assertThat(mapper.services(modern, task).get(0).agentHost()).isEqualTo("h");
	}

	@Test
	void allegroMode() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of("cairn.bridge.mapping.mode", "allegro")));
		MarathonApp notLabelled = app("{\"id\":\"/a/b\"}");
		assertThat(mapper.services(notLabelled, RUNNING)).isEmpty();
		MarathonApp defaultName = app(
				"{\"id\":\"/a/b\",\"labels\":{\"consul\":\"true\",\"public\":\"tag\"," + "\"ignored\":\"x\"}}");
		DesiredService service = mapper.services(defaultName, RUNNING).get(0);
		assertThat(service.name()).isEqualTo("a.b");
		assertThat(service.serviceId()).isEqualTo("my-app.marathon-1_a.b_31372");
		assertThat(service.port()).isEqualTo(31372);
		assertThat(service.tags()).containsExactly("marathon", "public", "marathon-task:my-app.marathon-1");
		MarathonApp ports = app("{\"id\":\"/a/b\",\"labels\":{\"consul\":\" /custom/name/ \"},\"portDefinitions\":["
				+ "{\"port\":0,\"name\":\"web\",\"labels\":{\"consul\":\"web,www\",\"lb-{port:web}\":\"tag\"}},"
				+ "{\"port\":0,\"name\":\"debug\"},{\"port\":0,\"labels\":{\"consul\":\"\"}}]}");
		List<DesiredService> named = mapper.services(ports, RUNNING);
		assertThat(named).extracting(DesiredService::name).containsExactly("web", "www", "custom.name");
		assertThat(named).extracting(DesiredService::port).containsExactly(31372, 31372, 31500);
		assertThat(named.get(0).tags()).contains("lb-31372");
		assertThat(mapper.ownershipTag()).isEqualTo("marathon");
	}

	@Test
	void ownedServicesAreRecognisedByTheRegistrationTag() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of()));
		assertThat(mapper.owned(service("x", "consular-reg-id=other", "consular-app-id=/a"))).isEmpty();
		assertThat(mapper.owned(service("plain"))).isEmpty();
		OwnedService owned = mapper.owned(service("my-app.1", "consular-reg-id=consular", "consular-app-id=/my-app"))
			.orElseThrow();
		assertThat(owned.taskId()).isEqualTo("my-app.1");
		assertThat(owned.appId()).isEqualTo("/my-app");
		assertThat(owned.problem()).isNull();
		assertThat(
				mapper.owned(service("t:2", "consular-reg-id=consular", "consular-app-id=/a")).orElseThrow().taskId())
			.isEqualTo("t");
		assertThat(mapper.owned(service("t", "consular-reg-id=consular")).orElseThrow().problem())
			.contains("no consular-app-id= tag");
		assertThat(mapper.owned(service("t", "consular-reg-id=consular", "consular-app-id=/a", "consular-app-id=/b"))
			.orElseThrow()
			.problem()).contains("2 consular-app-id= tags");
		ServiceMapper allegro = new ServiceMapper(properties(Map.of("cairn.bridge.mapping.mode", "allegro")));
		assertThat(allegro.owned(service("t_a_1", "marathon", "marathon-task:t")).orElseThrow().taskId())
			.isEqualTo("t");
	}

	@Test
	void aRegisteredServiceEqualToTheDesiredOneNeedsNoRegistration() {
		ServiceMapper mapper = new ServiceMapper(properties(Map.of()));
		DesiredService desired = mapper.services(app("{\"id\":\"/my-app\"}"), RUNNING).get(0);
		AgentService same = new AgentService("my-app.marathon-1", "my-app",
				List.of(desired.tags().get(1), desired.tags().get(0)), desired.meta(), 31001, "slave-1234.acme.org",
				null, null, false, null, null, null, null, null, null, 1, 1);
		assertThat(desired.sameAs(same)).isTrue();
		AgentService moved = new AgentService("my-app.marathon-1", "my-app", desired.tags(), desired.meta(), 31002,
				"slave-1234.acme.org", null, null, false, null, null, null, null, null, null, 1, 1);
		assertThat(desired.sameAs(moved)).isFalse();
	}

	private static AgentService service(String id, String... tags) {
		return new AgentService(id, "s", List.of(tags), null, 1, "h", null, null, false, null, null, null, null, null,
				null, 1, 1);
	}

}
