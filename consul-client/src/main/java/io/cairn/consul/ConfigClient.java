package io.cairn.consul;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.config.ConfigEntry;

/**
 * Central configuration entries ({@code /v1/config}): apply (with optional CAS), read by
 * kind and name, list by kind (blocking queries and consistency modes apply), delete
 * (with optional CAS).
 *
 * <pre>{@code
 * consul.config().apply(ConfigEntry.serviceDefaults("web", "http"));
 * ConfigEntry web = consul.config().read(ConfigEntry.SERVICE_DEFAULTS, "web", QueryOptions.NONE).value().orElseThrow();
 * consul.config().applyCas(web.withField("Protocol", "grpc"), web.modifyIndex());
 * }</pre>
 */
public final class ConfigClient {

	private static final ObjectReader DOCUMENT = Json.reader(new TypeReference<Map<String, Object>>() {
	});

	private static final ObjectReader DOCUMENTS = Json.reader(new TypeReference<List<Map<String, Object>>>() {
	});

	private final Transport transport;

	ConfigClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * Create or replace an entry.
	 * @param entry the entry
	 * @return {@code true} when Consul stored it
	 */
	public boolean apply(ConfigEntry entry) {
		return put(Request.put("/v1/config", "config"), entry);
	}

	/**
	 * Create or replace an entry only if it is unchanged since it was read: its modify
	 * index must still be {@code index} (0: only if it does not exist yet).
	 * @param entry the entry
	 * @param index the modify index it was read at
	 * @return {@code false} when the entry changed in between
	 */
	public boolean applyCas(ConfigEntry entry, long index) {
		return put(Request.put("/v1/config", "config").param("cas", Long.toUnsignedString(index)), entry);
	}

	private boolean put(Request request, ConfigEntry entry) {
		request.body(Json.write(entry.toDocument()), "application/json");
		return this.transport.execute(request, Decoders.bool()).value();
	}

	/**
	 * Read an entry.
	 * @param kind the kind, for example {@link ConfigEntry#SERVICE_DEFAULTS}
	 * @param name the name
	 * @param options per-request options (blocking, consistency)
	 * @return the entry, empty when there is none
	 */
	public ConsulResponse<Optional<ConfigEntry>> read(String kind, String name, QueryOptions options) {
		Request request = Request
			.get("/v1/config/{kind}/{name}", "config/" + Paths.segment(kind) + "/" + Paths.segment(name))
			.options(options);
		return this.transport.execute(request, new Transport.Reader<>() {
			@Override
			public Optional<ConfigEntry> read(int status, byte[] body, ResponseMeta meta) {
				Map<String, Object> document = (body.length == 0) ? null : DOCUMENT.readValue(body);
				return Optional.ofNullable(document).map(ConfigEntry::fromDocument);
			}

			@Override
			public Optional<ConfigEntry> absent() {
				return Optional.empty();
			}
		});
	}

	/**
	 * Every entry of a kind.
	 * @param kind the kind
	 * @param options per-request options (blocking, consistency)
	 * @return the entries, by name
	 */
	public ConsulResponse<List<ConfigEntry>> list(String kind, QueryOptions options) {
		Request request = Request.get("/v1/config/{kind}", "config/" + Paths.segment(kind)).options(options);
		return this.transport.execute(request, new Transport.Reader<>() {
			@Override
			public List<ConfigEntry> read(int status, byte[] body, ResponseMeta meta) {
				List<Map<String, Object>> documents = (body.length == 0) ? null : DOCUMENTS.readValue(body);
				return (documents != null) ? documents.stream().map(ConfigEntry::fromDocument).toList() : List.of();
			}

			@Override
			public List<ConfigEntry> absent() {
				return List.of();
			}
		});
	}

	/**
	 * Delete an entry (nothing happens when there is none).
	 * @param kind the kind
	 * @param name the name
	 */
	public void delete(String kind, String name) {
		this.transport.execute(
				Request.delete("/v1/config/{kind}/{name}", "config/" + Paths.segment(kind) + "/" + Paths.segment(name))
					.resendable(),
				Decoders.ignore());
	}

	/**
	 * Delete an entry only if its modify index is still {@code index}.
	 * @param kind the kind
	 * @param name the name
	 * @param index the modify index it was read at (not 0)
	 * @return {@code false} when it changed in between or does not exist
	 */
	public boolean deleteCas(String kind, String name, long index) {
		return this.transport
			.execute(Request
				.delete("/v1/config/{kind}/{name}", "config/" + Paths.segment(kind) + "/" + Paths.segment(name))
				.param("cas", Long.toUnsignedString(index)), Decoders.bool())
			.value();
	}

}
