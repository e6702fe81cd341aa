package io.cairn.mesos.scheduler;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a framework tells the master when it subscribes ({@code FrameworkInfo}).
 *
 * @param user the user tasks run as
 * @param name the framework's name
 * @param roles the roles it subscribes with
 * @param failoverTimeout seconds the master keeps the framework's tasks while its
 * scheduler is disconnected (use a long one in production)
 * @param checkpoint whether agents checkpoint its tasks
 * @param principal the principal it authenticates as, if any
 * @param hostname the scheduler's host, if it should be shown
 * @param webuiUrl the framework's UI, if any
 * @param capabilities capability names, such as {@code MULTI_ROLE}
 */
public record FrameworkInfo(String user, String name, List<String> roles, double failoverTimeout, boolean checkpoint,
		@Nullable String principal, @Nullable String hostname, @Nullable String webuiUrl, List<String> capabilities) {

	public FrameworkInfo {
		roles = List.copyOf(roles);
		capabilities = List.copyOf(capabilities);
	}

	/**
	 * A framework with one role, a one-week failover timeout and checkpointing on.
	 * @param user the user tasks run as
	 * @param name the name
	 * @param role the role
	 * @return the framework info
	 */
	public static FrameworkInfo of(String user, String name, String role) {
		return new FrameworkInfo(user, name, List.of(role), 7 * 24 * 3600, true, null, null, null,
				List.of("MULTI_ROLE"));
	}

	ObjectNode toJson(JsonMapper json, @Nullable String frameworkId) {
		ObjectNode info = json.createObjectNode();
		info.put("user", this.user);
		info.put("name", this.name);
		if (frameworkId != null) {
			info.putObject("id").put("value", frameworkId);
		}
		ArrayNode roleList = info.putArray("roles");
		this.roles.forEach(roleList::add);
		info.put("failover_timeout", this.failoverTimeout);
		info.put("checkpoint", this.checkpoint);
		if (this.principal != null) {
			info.put("principal", this.principal);
		}
		if (this.hostname != null) {
			info.put("hostname", this.hostname);
		}
		if (this.webuiUrl != null) {
			info.put("webui_url", this.webuiUrl);
		}
		ArrayNode capabilityList = info.putArray("capabilities");
		this.capabilities.forEach((capability) -> capabilityList.addObject().put("type", capability));
		return info;
	}

}
