package io.cairn.consul;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.consul.model.kv.PutOptions;

/**
 * The key/value store ({@code /v1/kv}). Values are bytes; Consul's base64 is handled
 * here. A missing key reads as an empty value, not an error. Values are limited to 512 kB
 * by Consul.
 */
public final class KvClient {

	private static final ObjectReader ENTRIES = Json.reader(new TypeReference<List<KeyValue>>() {
	});

	private static final ObjectReader KEYS = Json.reader(new TypeReference<List<String>>() {
	});

	/**
	 * Application JSON stored in values uses plain Jackson defaults, not Consul's
	 * PascalCase.
	 */
	private static final JsonMapper VALUE_MAPPER = JsonMapper.builder().build();

	private static final Transport.Reader<Optional<KeyValue>> FIRST = Decoders.first(ENTRIES);

	private static final Transport.Reader<List<KeyValue>> LIST = Decoders.list(ENTRIES);

	private static final Transport.Reader<List<String>> KEY_LIST = Decoders.list(KEYS);

	private final Transport transport;

	KvClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * Read one entry.
	 * @param key the key
	 * @return the entry, empty when the key does not exist
	 */
	public ConsulResponse<Optional<KeyValue>> get(String key) {
		return get(key, QueryOptions.NONE);
	}

	/**
	 * Read one entry, possibly blocking.
	 * @param key the key
	 * @param options per-request options
	 * @return the entry, empty when the key does not exist
	 */
	public ConsulResponse<Optional<KeyValue>> get(String key, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/kv/{key}", "kv/" + Paths.key(key)).options(options), FIRST);
	}

	/**
	 * Read a value as UTF-8 text.
	 * @param key the key
	 * @return the text, empty when the key does not exist or has no value
	 */
	public Optional<String> getString(String key) {
		return get(key).value().flatMap(KeyValue::valueAsString);
	}

	/**
	 * Read a value holding JSON.
	 * @param <T> the type
	 * @param key the key
	 * @param type the class to bind to
	 * @return the value, empty when the key does not exist or has no value
	 */
	public <T> Optional<T> getJson(String key, Class<T> type) {
		return get(key).value().map(KeyValue::value).map((bytes) -> VALUE_MAPPER.readValue(bytes, type));
	}

	/**
	 * Read a value's raw bytes ({@code ?raw}), without metadata.
	 * @param key the key
	 * @param options per-request options
	 * @return the bytes, empty when the key does not exist
	 */
	public ConsulResponse<Optional<byte[]>> getRaw(String key, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/kv/{key}", "kv/" + Paths.key(key)).flag("raw", true).options(options),
				new Transport.Reader<>() {
					@Override
					public Optional<byte[]> read(int status, byte[] body, ResponseMeta meta) {
						return Optional.of(body);
					}

					@Override
					public Optional<byte[]> absent() {
						return Optional.empty();
					}
				});
	}

	/**
	 * Read every entry under a prefix ({@code ?recurse}).
	 * @param prefix the prefix, empty for the whole store
	 * @return the entries, empty when none
	 */
	public ConsulResponse<List<KeyValue>> list(String prefix) {
		return list(prefix, QueryOptions.NONE);
	}

	/**
	 * Read every entry under a prefix, possibly blocking; the index is the highest modify
	 * index under the prefix.
	 * @param prefix the prefix, empty for the whole store
	 * @param options per-request options
	 * @return the entries, empty when none
	 */
	public ConsulResponse<List<KeyValue>> list(String prefix, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/kv/{key}", "kv/" + Paths.key(prefix)).flag("recurse", true).options(options), LIST);
	}

	/**
	 * List the keys under a prefix ({@code ?keys}), up to a separator when one is given.
	 * @param prefix the prefix
	 * @param separator stop listing at this string (for example {@code /} for "folders"),
	 * or {@code null}
	 * @param options per-request options
	 * @return the keys, empty when none
	 */
	public ConsulResponse<List<String>> keys(String prefix, @Nullable String separator, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/kv/{key}", "kv/" + Paths.key(prefix))
			.flag("keys", true)
			.param("separator", separator)
			.options(options), KEY_LIST);
	}

	/**
	 * Write a value.
	 * @param key the key
	 * @param value the bytes
	 * @return {@code true} when written
	 */
	public boolean put(String key, byte[] value) {
		return put(key, value, PutOptions.NONE, QueryOptions.NONE);
	}

	/**
	 * Write a UTF-8 text value.
	 * @param key the key
	 * @param value the text
	 * @return {@code true} when written
	 */
	public boolean put(String key, String value) {
		return put(key, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Write a value as JSON.
	 * @param key the key
	 * @param value the object to write as JSON
	 * @return {@code true} when written
	 */
	public boolean putJson(String key, Object value) {
		return put(key, VALUE_MAPPER.writeValueAsBytes(value));
	}

	/**
	 * Write a value with conditions: flags, check-and-set, lock acquire or release.
	 * @param key the key
	 * @param value the bytes
	 * @param put the write conditions
	 * @param options per-request options (datacenter, token)
	 * @return {@code true} when written, {@code false} when a condition failed
	 */
	public boolean put(String key, byte[] value, PutOptions put, QueryOptions options) {
		Request request = Request.put("/v1/kv/{key}", "kv/" + Paths.key(key))
			.param("flags", (put.flags() != null) ? Long.toUnsignedString(put.flags()) : null)
			.param("cas", (put.cas() != null) ? Long.toUnsignedString(put.cas()) : null)
			.param("acquire", put.acquire())
			.param("release", put.release())
			.body(value, "application/octet-stream")
			.options(options);
		if (put.cas() == null && put.acquire() == null && put.release() == null) {
			// a plain write: sending it twice stores the same value
			request.resendable();
		}
		return this.transport.execute(request, Decoders.bool()).value();
	}

	/**
	 * Write only if the key's modify index matches (0: only if absent).
	 * @param key the key
	 * @param value the bytes
	 * @param index the expected modify index
	 * @return {@code true} when written
	 */
	public boolean cas(String key, byte[] value, long index) {
		return put(key, value, PutOptions.cas(index), QueryOptions.NONE);
	}

	/**
	 * Acquire a key as a lock with a session, writing a value.
	 * @param key the key
	 * @param value the bytes to store
	 * @param session the session ID
	 * @return {@code true} when acquired
	 */
	public boolean acquire(String key, byte[] value, String session) {
		return put(key, value, PutOptions.acquire(session), QueryOptions.NONE);
	}

	/**
	 * Release a lock held by a session, writing a value.
	 * @param key the key
	 * @param value the bytes to store
	 * @param session the session ID holding the lock
	 * @return {@code true} when released
	 */
	public boolean release(String key, byte[] value, String session) {
		return put(key, value, PutOptions.release(session), QueryOptions.NONE);
	}

	/**
	 * Delete one key.
	 * @param key the key
	 * @return {@code true} (Consul answers true whether or not the key existed)
	 */
	public boolean delete(String key) {
		return delete(key, QueryOptions.NONE);
	}

	/**
	 * Delete one key.
	 * @param key the key
	 * @param options per-request options (datacenter, token)
	 * @return {@code true}
	 */
	public boolean delete(String key, QueryOptions options) {
		return this.transport
			.execute(Request.delete("/v1/kv/{key}", "kv/" + Paths.key(key)).resendable().options(options),
					Decoders.bool())
			.value();
	}

	/**
	 * Delete every key under a prefix ({@code ?recurse}).
	 * @param prefix the prefix
	 * @param options per-request options (datacenter, token)
	 * @return {@code true}
	 */
	public boolean deleteTree(String prefix, QueryOptions options) {
		return this.transport
			.execute(Request.delete("/v1/kv/{key}", "kv/" + Paths.key(prefix))
				.flag("recurse", true)
				.resendable()
				.options(options), Decoders.bool())
			.value();
	}

	/**
	 * Delete a key only if its modify index matches.
	 * @param key the key
	 * @param index the expected modify index (must be positive: Consul deletes nothing
	 * for 0)
	 * @return {@code true} when deleted
	 */
	public boolean deleteCas(String key, long index) {
		if (index <= 0) {
			throw new IllegalArgumentException("A check-and-set delete needs a positive index, not " + index);
		}
		return this.transport
			.execute(Request.delete("/v1/kv/{key}", "kv/" + Paths.key(key)).param("cas", Long.toUnsignedString(index)),
					Decoders.bool())
			.value();
	}

}
