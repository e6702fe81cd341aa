package io.cairn.bridge.event;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Event JSON of Marathon 1.3, 1.4 and 1.8, as printed in Marathon's event bus documents
 * ({@code shared/reference/marathon/event-bus*.md}, {@code changelog.md}).
 */
class EventParserTests {

	private final EventParser parser = new EventParser(
			JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());

	@Test
	void statusUpdateOfTheDocuments() {
		MarathonEvent event = this.parser.parse(null, "{\"eventType\":\"status_update_event\","
				+ "\"timestamp\":\"2014-03-01T23:29:30.158Z\",\"slaveId\":\"20140909-054127-177048842-5050-1494-0\","
				+ "\"taskId\":\"my-app_0-1396592784349\",\"taskStatus\":\"TASK_RUNNING\",\"appId\":\"/my-app\","
				+ "\"host\":\"slave-1234.acme.org\",\"ports\":[31372],\"version\":\"2014-04-04T06:26:23.051Z\"}");
		assertThat(event).isEqualTo(new MarathonEvent.TaskStatus("/my-app", "my-app_0-1396592784349", "TASK_RUNNING",
				"slave-1234.acme.org", "2014-03-01T23:29:30.158Z"));
		assertThat(event.lane()).isEqualTo("/my-app|my-app_0-1396592784349");
	}

	@Test
	void theAppIdComesFromTheEventNeverFromTheTaskId() {
		MarathonEvent event = this.parser.parse("status_update_event",
				"{\"taskId\":\"misleading_name.instance-c7c311a4-b669-11e6-a48f-0ea4f4b1778c._app.3\","
						+ "\"taskStatus\":\"TASK_KILLED\",\"appId\":\"/real/app\",\"host\":\"h\"}");
		assertThat(((MarathonEvent.TaskStatus) event).appId()).isEqualTo("/real/app");
		// Marathon 1.8 task IDs share their instance's lane.
		assertThat(event.lane()).isEqualTo("/real/app|misleading_name.instance-c7c311a4-b669-11e6-a48f-0ea4f4b1778c");
	}

	@Test
	void healthOfMarathon13ByTaskAndOfLaterVersionsByInstance() {
		assertThat(this.parser.parse(null,
				"{\"eventType\":\"health_status_changed_event\",\"appId\":\"/my-app\","
						+ "\"taskId\":\"my-app_0-1396592784349\",\"version\":\"v\",\"alive\":true}"))
			.isEqualTo(new MarathonEvent.Health("health_status_changed_event", "/my-app", "my-app_0-1396592784349",
					true, null));
		assertThat(this.parser.parse(null,
				"{\"eventType\":\"health_status_changed_event\",\"appId\":\"/my-app\","
						+ "\"instanceId\":\"my-app.instance-c7c311a4\",\"version\":\"v\",\"alive\":false}"))
			.isEqualTo(new MarathonEvent.Health("health_status_changed_event", "/my-app", "my-app.instance-c7c311a4",
					false, null));
		assertThat(this.parser.parse(null, "{\"instanceId\":\"some_app.marathon-49d976d3\",\"runSpecId\":\"/some/app\","
				+ "\"healthy\":true,\"runSpecVersion\":\"2016-10-18T10:42:47.499Z\","
				+ "\"timestamp\":\"2016-10-27T18:00:50.401Z\",\"eventType\":\"instance_health_changed_event\"}"))
			.isEqualTo(new MarathonEvent.Health("instance_health_changed_event", "/some/app",
					"some_app.marathon-49d976d3", true, "2016-10-27T18:00:50.401Z"));
	}

	@Test
	void instanceChangedAppTerminatedAndApiPost() {
		assertThat(this.parser.parse(null,
				"{\"instanceId\":\"my-app.instance-c7c311a4\",\"condition\":\"Running\","
						+ "\"runSpecId\":\"/app-id\",\"agentId\":\"a\",\"host\":\"slave-1234.acme.org\","
						+ "\"runSpecVersion\":\"v\",\"timestamp\":\"t\",\"eventType\":\"instance_changed_event\"}"))
			.isEqualTo(new MarathonEvent.InstanceChanged("/app-id", "my-app.instance-c7c311a4", "Running",
					"slave-1234.acme.org", "t"));
		assertThat(this.parser.parse(null,
				"{\"eventType\":\"app_terminated_event\",\"timestamp\":\"t\",\"appId\":\"/my-app\"}"))
			.isEqualTo(new MarathonEvent.AppTerminated("/my-app", "t"));
		MarathonEvent post = this.parser
			.parse(null, "{\"eventType\":\"api_post_event\",\"clientIp\":\"0:0:0:0:0:0:0:1\","
					+ "\"uri\":\"/v2/apps/my-app\",\"appDefinition\":{\"args\":[],\"cmd\":\"sleep 30\",\"container\":null,"
					+ "\"healthChecks\":[],\"id\":\"/my-app\",\"instances\":2,\"ports\":[10001],\"user\":null,"
					+ "\"labels\":{\"a\":\"b\"},\"version\":\"2014-09-09T05:57:50.866Z\"}}");
		assertThat(post).isInstanceOf(MarathonEvent.AppChanged.class);
		assertThat(((MarathonEvent.AppChanged) post).app().labelMap()).containsEntry("a", "b");
		assertThat(post.lane()).isEqualTo("/my-app");
	}

	@Test
	void everythingElseIsIgnoredNeverAnError() {
		for (String body : new String[] { "{\"eventType\":\"deployment_info\",\"plan\":{\"steps\":[]}}",
				"{\"eventType\":\"framework_message_event\",\"message\":\"aGVsbG8=\"}",
				"{\"eventType\":\"pod_created_event\",\"uri\":\"/v2/pods/my-pod\"}",
				"{\"eventType\":\"something_from_2030\"}", "{\"no\":\"type\"}",
				"{\"eventType\":\"status_update_event\",\"taskId\":\"t\"}",
				"{\"eventType\":\"instance_health_changed_event\",\"instanceId\":\"i\",\"runSpecId\":\"/a\",\"healthy\":\"yes\"}",
				"{\"eventType\":42}" }) {
			assertThat(this.parser.parse(null, body)).as(body).isInstanceOf(MarathonEvent.Ignored.class);
		}
	}

	@Test
	void idsAndStatesNotOfMarathonsFormAreIgnoredAndHostsThatAreNotHostsDropped() {
		String valid = "{\"eventType\":\"status_update_event\",\"appId\":\"/web\",\"taskId\":\"web.1\","
				+ "\"taskStatus\":\"TASK_KILLED\",\"host\":\"agent-a\"}";
		assertThat(this.parser.parse(null, valid)).isInstanceOf(MarathonEvent.TaskStatus.class);
		for (String[] swap : new String[][] { { "/web", "/../etc" }, { "/web", "web" }, { "/web", "/a?b" },
				{ "/web", "/" + "a".repeat(600) }, { "web.1", "web/1" }, { "web.1", "web 1" },
				{ "web.1", "w".repeat(600) }, { "TASK_KILLED", "TASK KILLED" }, { "TASK_KILLED", "X".repeat(65) } }) {
			assertThat(this.parser.parse(null, valid.replace(swap[0], swap[1]))).as(swap[1])
				.isInstanceOf(MarathonEvent.Ignored.class);
		}
		for (String host : new String[] { "evil:80/#", "user@127.0.0.2", "a b", "127.0.0.2:8500" }) {
			MarathonEvent event = this.parser.parse(null, valid.replace("agent-a", host));
			assertThat(((MarathonEvent.TaskStatus) event).host()).as(host).isNull();
		}
		assertThat(this.parser.parse(null, "{\"eventType\":\"app_terminated_event\",\"appId\":\"/a/../b\"}"))
			.isInstanceOf(MarathonEvent.Ignored.class);
	}

	@Test
	void onlyAJsonObjectIsAnEvent() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> this.parser.parse(null, "{nope"));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> this.parser.parse(null, "[1]"));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> this.parser.parse(null, ""));
	}

}
