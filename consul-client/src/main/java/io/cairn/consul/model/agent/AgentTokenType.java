package io.cairn.consul.model.agent;

/**
 * The agent tokens {@code PUT /agent/token/:type} can set.
 */
public enum AgentTokenType {

	/** Used for requests without a token. */
	DEFAULT("default"),
	/** The agent's own token. */
	AGENT("agent"),
	/** The agent recovery token (formerly agent master). */
	AGENT_RECOVERY("agent_recovery"),
	/** The replication token of secondary datacenters. */
	REPLICATION("replication"),
	/** The token of services registered from configuration files. */
	CONFIG_FILE_SERVICE_REGISTRATION("config_file_service_registration"),
	/** Pre-1.4.3 name of {@link #DEFAULT}. */
	LEGACY_ACL_TOKEN("acl_token"),
	/** Pre-1.4.3 name of {@link #AGENT}. */
	LEGACY_ACL_AGENT_TOKEN("acl_agent_token"),
	/** Pre-1.4.3 name of {@link #AGENT_RECOVERY}. */
	LEGACY_ACL_AGENT_MASTER_TOKEN("acl_agent_master_token"),
	/** Pre-1.4.3 name of {@link #REPLICATION}. */
	LEGACY_ACL_REPLICATION_TOKEN("acl_replication_token");

	private final String path;

	AgentTokenType(String path) {
		this.path = path;
	}

	/**
	 * The path segment.
	 * @return the segment, for example {@code agent_recovery}
	 */
	public String path() {
		return this.path;
	}

}
