package io.cairn.bridge.consul;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.config.BridgeProperties;
import io.cairn.bridge.leader.Leadership;
import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.TxnClient;
import io.cairn.consul.model.kv.KeyValue;

/**
 * App labels in Consul KV under {@code <prefix>/<service name>/<label key>}, values
 * JSON-encoded as Consular wrote them (label {@code "foo": "bar"} is stored as the five
 * bytes {@code "bar"}), so that templates reading them with {@code parseJSON} keep
 * working.
 * <p>
 * Unlike Consular, only keys that changed are written (a rewrite wakes every watcher),
 * stale keys are listed under the app's own prefix with a trailing {@code /} (Consular's
 * prefix without it deleted other apps' keys), and each change is one Consul transaction
 * (several when it holds more than 64 operations, Consul's limit).
 */
public final class LabelWriter {

	private final Consul consul;

	private final Leadership leadership;

	private final String prefix;

	private final JsonMapper json;

	/**
	 * Create a writer.
	 * @param consul the central agent's client
	 * @param leadership the leadership every write checks
	 * @param kv the KV settings
	 * @param json encodes values
	 */
	public LabelWriter(Consul consul, Leadership leadership, BridgeProperties.Kv kv, JsonMapper json) {
		this.consul = consul;
		this.leadership = leadership;
		this.prefix = kv.prefix() + "/";
		this.json = json;
	}

	/**
	 * The KV folder of a service name.
	 * @param name the service name
	 * @return {@code <prefix>/<name>/}
	 */
	public String folder(String name) {
		return this.prefix + name + "/";
	}

	/**
	 * Make a service's KV folder hold exactly these labels.
	 * @param name the service name
	 * @param labels the app's labels
	 * @return what was changed
	 */
	public Change sync(String name, Map<String, String> labels) {
		String folder = folder(name);
		Map<String, byte[]> desired = new TreeMap<>();
		labels.forEach((key, value) -> {
			if (!key.isEmpty()) {
				desired.put(folder + key, this.json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
			}
		});
		Map<String, byte[]> existing = new HashMap<>();
		for (KeyValue entry : this.consul.kv().list(folder, QueryOptions.NONE).value()) {
			existing.put(entry.key(), (entry.value() != null) ? entry.value() : new byte[0]);
		}
		List<Op> ops = new ArrayList<>();
		desired.forEach((key, value) -> {
			byte[] current = existing.get(key);
			if (current == null || !Arrays.equals(current, value)) {
				ops.add(new Op(key, value));
			}
		});
		int deletes = 0;
		for (String key : new TreeMap<>(existing).keySet()) {
			if (!desired.containsKey(key)) {
				ops.add(new Op(key, null));
				deletes++;
			}
		}
		apply(ops);
		return new Change(ops.size() - deletes, deletes);
	}

	/**
	 * Delete a service's KV folder.
	 * @param name the service name
	 */
	public void delete(String name) {
		this.leadership.checkLeader();
		this.consul.kv().deleteTree(folder(name), QueryOptions.NONE);
	}

	/**
	 * Delete the folders of names no live app has (Consular's purge of dead apps'
	 * labels).
	 * @param liveNames the names of existing apps
	 * @return the names whose folders were deleted
	 */
	public List<String> purge(Set<String> liveNames) {
		List<String> purged = new ArrayList<>();
		for (String key : this.consul.kv().keys(this.prefix, "/", QueryOptions.NONE).value()) {
			if (!key.startsWith(this.prefix) || !key.endsWith("/") || key.length() <= this.prefix.length() + 1) {
				continue;
			}
			String name = key.substring(this.prefix.length(), key.length() - 1);
			if (!liveNames.contains(name)) {
				delete(name);
				purged.add(name);
			}
		}
		return purged;
	}

	private void apply(List<Op> ops) {
		for (int start = 0; start < ops.size(); start += TxnClient.MAX_OPERATIONS) {
			this.leadership.checkLeader();
			TxnClient.Transaction transaction = this.consul.txn().begin();
			for (Op op : ops.subList(start, Math.min(ops.size(), start + TxnClient.MAX_OPERATIONS))) {
				if (op.value() != null) {
					transaction.kvSet(op.key(), op.value());
				}
				else {
					transaction.kvDelete(op.key());
				}
			}
			transaction.execute();
		}
	}

	private record Op(String key, byte @Nullable [] value) {
	}

	/**
	 * What a label sync changed.
	 *
	 * @param written keys written
	 * @param deleted keys deleted
	 */
	public record Change(int written, int deleted) {

		/**
		 * How many keys changed.
		 * @return written plus deleted
		 */
		public int total() {
			return this.written + this.deleted;
		}

	}

}
