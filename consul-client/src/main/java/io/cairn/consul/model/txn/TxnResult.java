package io.cairn.consul.model.txn;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.catalog.Node;
import io.cairn.consul.model.health.HealthCheck;
import io.cairn.consul.model.kv.KeyValue;

/**
 * The result of one transaction operation; exactly one field is set. Delete verbs have no
 * result, and the value of a KV entry is only returned by {@code get} verbs.
 *
 * @param kv a KV entry
 * @param node a node
 * @param service a service
 * @param check a check
 */
public record TxnResult(@JsonProperty("KV") @Nullable KeyValue kv, @Nullable Node node, @Nullable AgentService service,
		@Nullable HealthCheck check) {
}
