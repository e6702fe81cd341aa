package io.cairn.consul;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.catalog.Node;
import io.cairn.consul.model.health.HealthCheck;
import io.cairn.consul.model.txn.TxnError;
import io.cairn.consul.model.txn.TxnResult;

/**
 * Transactions ({@code PUT /v1/txn}): up to 64 KV, node, service and check operations
 * applied atomically.
 *
 * <pre>{@code
 * List<TxnResult> results = consul.txn().begin()
 *     .kvCheckIndex("config/version", 42)
 *     .kvSet("config/version", "43".getBytes())
 *     .kvGet("config/db")
 *     .execute().value();
 * }</pre>
 *
 * A rolled-back transaction throws {@link ConsulTransactionException} with the failing
 * operations.
 */
public final class TxnClient {

	/** Consul's limit of operations per transaction. */
	public static final int MAX_OPERATIONS = 64;

	private static final ObjectReader ANSWER = Json.reader(Answer.class);

	/**
	 * Writes whose second application changes nothing. A transaction of only these, or of
	 * only reads, may be resent after a kept-alive connection turned out closed; one that
	 * mixes reads and writes may not (sent again, its reads would see its own writes, or
	 * fail on a key it deleted).
	 */
	private static final Set<Object> REPEATABLE_WRITES = Set.of("set", "delete", "delete-tree");

	private static final Set<Object> READS = Set.of("get", "get-or-empty", "get-tree");

	private final Transport transport;

	TxnClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * Start a transaction.
	 * @return an empty transaction to add operations to
	 */
	public Transaction begin() {
		return new Transaction();
	}

	record Answer(@Nullable List<TxnResult> results, @Nullable List<TxnError> errors) {
	}

	/**
	 * A transaction being built. Not thread-safe.
	 */
	public final class Transaction {

		private final List<Map<String, Object>> operations = new ArrayList<>();

		private boolean writes;

		/** No verb with a condition or a lock. */
		private boolean unconditional = true;

		private boolean reads;

		private Transaction() {
		}

		private Transaction add(String type, Map<String, Object> operation, boolean write) {
			if (this.operations.size() >= MAX_OPERATIONS) {
				throw new IllegalStateException("A Consul transaction holds at most " + MAX_OPERATIONS + " operations");
			}
			this.operations.add(Map.of(type, operation));
			this.writes |= write;
			Object verb = operation.get("Verb");
			boolean read = READS.contains(verb);
			this.reads |= read;
			this.unconditional &= read || REPEATABLE_WRITES.contains(verb);
			return this;
		}

		private Transaction kv(String verb, String key, byte @Nullable [] value, @Nullable Long flags,
				@Nullable Long index, @Nullable String session, boolean write) {
			Map<String, Object> op = new LinkedHashMap<>();
			op.put("Verb", verb);
			op.put("Key", key);
			if (value != null) {
				op.put("Value", value);
			}
			if (flags != null) {
				op.put("Flags", flags);
			}
			if (index != null) {
				op.put("Index", index);
			}
			if (session != null) {
				op.put("Session", session);
			}
			return add("KV", op, write);
		}

		/**
		 * Set a key.
		 * @param key the key
		 * @param value the value
		 * @return this transaction
		 */
		public Transaction kvSet(String key, byte[] value) {
			return kv("set", key, value, null, null, null, true);
		}

		/**
		 * Set a key to UTF-8 text.
		 * @param key the key
		 * @param value the text
		 * @return this transaction
		 */
		public Transaction kvSet(String key, String value) {
			return kvSet(key, value.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Set a key with flags.
		 * @param key the key
		 * @param value the value
		 * @param flags the unsigned flags
		 * @return this transaction
		 */
		public Transaction kvSet(String key, byte[] value, long flags) {
			return kv("set", key, value, flags, null, null, true);
		}

		/**
		 * Set a key if its modify index matches (0: if absent).
		 * @param key the key
		 * @param value the value
		 * @param index the expected modify index
		 * @return this transaction
		 */
		public Transaction kvCas(String key, byte[] value, long index) {
			return kv("cas", key, value, null, index, null, true);
		}

		/**
		 * Lock a key with a session.
		 * @param key the key
		 * @param value the value
		 * @param session the session ID
		 * @return this transaction
		 */
		public Transaction kvLock(String key, byte[] value, String session) {
			return kv("lock", key, value, null, null, session, true);
		}

		/**
		 * Unlock a key held by a session.
		 * @param key the key
		 * @param value the value
		 * @param session the session ID
		 * @return this transaction
		 */
		public Transaction kvUnlock(String key, byte[] value, String session) {
			return kv("unlock", key, value, null, null, session, true);
		}

		/**
		 * Read a key; fails the transaction if it does not exist.
		 * @param key the key
		 * @return this transaction
		 */
		public Transaction kvGet(String key) {
			return kv("get", key, null, null, null, null, false);
		}

		/**
		 * Read a key, or nothing if it does not exist.
		 * @param key the key
		 * @return this transaction
		 */
		public Transaction kvGetOrEmpty(String key) {
			return kv("get-or-empty", key, null, null, null, null, false);
		}

		/**
		 * Read every key under a prefix.
		 * @param prefix the prefix
		 * @return this transaction
		 */
		public Transaction kvGetTree(String prefix) {
			return kv("get-tree", prefix, null, null, null, null, false);
		}

		/**
		 * Fail unless the key's modify index matches.
		 * @param key the key
		 * @param index the expected modify index
		 * @return this transaction
		 */
		public Transaction kvCheckIndex(String key, long index) {
			return kv("check-index", key, null, null, index, null, false);
		}

		/**
		 * Fail unless the key is locked by the session.
		 * @param key the key
		 * @param session the session ID
		 * @return this transaction
		 */
		public Transaction kvCheckSession(String key, String session) {
			return kv("check-session", key, null, null, null, session, false);
		}

		/**
		 * Fail if the key exists.
		 * @param key the key
		 * @return this transaction
		 */
		public Transaction kvCheckNotExists(String key) {
			return kv("check-not-exists", key, null, null, null, null, false);
		}

		/**
		 * Delete a key.
		 * @param key the key
		 * @return this transaction
		 */
		public Transaction kvDelete(String key) {
			return kv("delete", key, null, null, null, null, true);
		}

		/**
		 * Delete every key under a prefix.
		 * @param prefix the prefix
		 * @return this transaction
		 */
		public Transaction kvDeleteTree(String prefix) {
			return kv("delete-tree", prefix, null, null, null, null, true);
		}

		/**
		 * Delete a key if its modify index matches.
		 * @param key the key
		 * @param index the expected modify index
		 * @return this transaction
		 */
		public Transaction kvDeleteCas(String key, long index) {
			return kv("delete-cas", key, null, null, index, null, true);
		}

		/**
		 * A node operation.
		 * @param verb {@code set}, {@code cas}, {@code get}, {@code delete} or
		 * {@code delete-cas}
		 * @param node the node (with its {@code ModifyIndex} for the CAS verbs)
		 * @return this transaction
		 */
		public Transaction node(String verb, Node node) {
			Map<String, Object> op = new LinkedHashMap<>();
			op.put("Verb", verb);
			op.put("Node", node);
			return add("Node", op, !"get".equals(verb));
		}

		/**
		 * A service operation on a node.
		 * @param verb {@code set}, {@code cas}, {@code get}, {@code delete} or
		 * {@code delete-cas}
		 * @param node the node name
		 * @param service the service (with its {@code ModifyIndex} for the CAS verbs)
		 * @return this transaction
		 */
		public Transaction service(String verb, String node, AgentService service) {
			Map<String, Object> op = new LinkedHashMap<>();
			op.put("Verb", verb);
			op.put("Node", node);
			op.put("Service", service);
			return add("Service", op, !"get".equals(verb));
		}

		/**
		 * A check operation.
		 * @param verb {@code set}, {@code cas}, {@code get}, {@code delete} or
		 * {@code delete-cas}
		 * @param check the check, with its node (and {@code ModifyIndex} for the CAS
		 * verbs)
		 * @return this transaction
		 */
		public Transaction check(String verb, HealthCheck check) {
			Map<String, Object> op = new LinkedHashMap<>();
			op.put("Verb", verb);
			op.put("Check", check);
			return add("Check", op, !"get".equals(verb));
		}

		/**
		 * How many operations the transaction holds.
		 * @return the count
		 */
		public int size() {
			return this.operations.size();
		}

		/**
		 * Run the transaction.
		 * @return the results (no entries for delete verbs)
		 * @throws ConsulTransactionException when Consul rolled it back
		 */
		public ConsulResponse<List<TxnResult>> execute() {
			return execute(QueryOptions.NONE);
		}

		/**
		 * Run the transaction. Consistency options only apply to read-only transactions.
		 * @param options per-request options
		 * @return the results (no entries for delete verbs)
		 * @throws ConsulTransactionException when Consul rolled it back
		 */
		public ConsulResponse<List<TxnResult>> execute(QueryOptions options) {
			if (this.operations.isEmpty()) {
				throw new IllegalStateException("An empty transaction has nothing to do");
			}
			Request request = Request.put("/v1/txn", "txn")
				.body(Json.write(this.operations), "application/json")
				.options(options)
				.answers(409);
			if (!this.writes) {
				request.consistency();
			}
			if (this.unconditional && !(this.reads && this.writes)) {
				request.resendable();
			}
			return TxnClient.this.transport.execute(request, (status, body, meta) -> {
				Answer answer = ANSWER.readValue(body);
				if (status == 409) {
					throw new ConsulTransactionException(
							(answer != null && answer.errors() != null) ? answer.errors() : List.of(), body,
							"PUT /v1/txn");
				}
				return (answer != null && answer.results() != null) ? answer.results() : List.of();
			});
		}

	}

}
