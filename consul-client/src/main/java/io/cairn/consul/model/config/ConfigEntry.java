package io.cairn.consul.model.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A central configuration entry ({@code /config}): its kind and name, its meta and
 * indexes, and the kind's own fields. Consul has some twenty kinds whose schemas grow
 * with every release, so the kind's fields are kept as they came, by Consul's names
 * ({@code Protocol}, {@code Config}, {@code Sources}...): reading an entry, changing a
 * field and applying it again keeps every field this client does not know.
 *
 * @param kind the kind, for example {@link #SERVICE_DEFAULTS}
 * @param name the name ({@code global} for {@code proxy-defaults}, {@code mesh} for
 * {@code mesh})
 * @param meta free key/value metadata, or {@code null}
 * @param fields the kind's other fields, by Consul's names
 * @param createIndex the creation index (0 when writing)
 * @param modifyIndex the last modification index (0 when writing)
 */
public record ConfigEntry(String kind, String name, @Nullable Map<String, String> meta, Map<String, Object> fields,
		long createIndex, long modifyIndex) {

	/** Defaults of one service (protocol, mesh gateway mode, upstream settings...). */
	public static final String SERVICE_DEFAULTS = "service-defaults";

	/** Defaults of every proxy; its name is always {@code global}. */
	public static final String PROXY_DEFAULTS = "proxy-defaults";

	/** L7 routes of a service. */
	public static final String SERVICE_ROUTER = "service-router";

	/** Traffic splits of a service. */
	public static final String SERVICE_SPLITTER = "service-splitter";

	/** Subsets, redirects and failover of a service. */
	public static final String SERVICE_RESOLVER = "service-resolver";

	/** The intentions whose destination is the entry's name. */
	public static final String SERVICE_INTENTIONS = "service-intentions";

	/** Mesh-wide settings; its name is always {@code mesh}. */
	public static final String MESH = "mesh";

	/** The services a partition or peer exports. */
	public static final String EXPORTED_SERVICES = "exported-services";

	/** An ingress gateway's listeners. */
	public static final String INGRESS_GATEWAY = "ingress-gateway";

	/** The services a terminating gateway reaches. */
	public static final String TERMINATING_GATEWAY = "terminating-gateway";

	/** The fields every kind has, read into the record's own components. */
	private static final java.util.Set<String> COMMON = java.util.Set.of("Kind", "Name", "Meta", "CreateIndex",
			"ModifyIndex");

	/**
	 * An entry to apply.
	 * @param kind the kind
	 * @param name the name
	 * @param fields the kind's fields, by Consul's names
	 * @return the entry
	 */
	public static ConfigEntry of(String kind, String name, Map<String, Object> fields) {
		return new ConfigEntry(kind, name, null, Map.copyOf(fields), 0, 0);
	}

	/**
	 * A {@code service-defaults} entry setting a service's protocol.
	 * @param service the service name
	 * @param protocol {@code tcp}, {@code http}, {@code http2} or {@code grpc}
	 * @return the entry
	 */
	public static ConfigEntry serviceDefaults(String service, String protocol) {
		return of(SERVICE_DEFAULTS, service, Map.of("Protocol", protocol));
	}

	/**
	 * The {@code proxy-defaults} entry with an opaque proxy configuration.
	 * @param config the proxy configuration (for example {@code protocol})
	 * @return the entry
	 */
	public static ConfigEntry proxyDefaults(Map<String, Object> config) {
		return of(PROXY_DEFAULTS, "global", Map.of("Config", config));
	}

	/**
	 * One field of the kind.
	 * @param field Consul's name, for example {@code Protocol}
	 * @return its value (a string, number, boolean, list or map), or {@code null}
	 */
	public @Nullable Object field(String field) {
		return this.fields.get(field);
	}

	/**
	 * This entry with one field set (or removed with {@code null}).
	 * @param field Consul's name
	 * @param value the value
	 * @return a changed copy
	 */
	public ConfigEntry withField(String field, @Nullable Object value) {
		Map<String, Object> changed = new LinkedHashMap<>(this.fields);
		if (value == null) {
			changed.remove(field);
		}
		else {
			changed.put(field, value);
		}
		return new ConfigEntry(this.kind, this.name, this.meta, changed, this.createIndex, this.modifyIndex);
	}

	/**
	 * Consul's JSON document of this entry.
	 * @return the document, with {@code Kind}, {@code Name} and {@code Meta} first
	 */
	public Map<String, Object> toDocument() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("Kind", this.kind);
		document.put("Name", this.name);
		if (this.meta != null) {
			document.put("Meta", this.meta);
		}
		this.fields.forEach((field, value) -> {
			if (!COMMON.contains(field)) {
				document.put(field, value);
			}
		});
		return document;
	}

	/**
	 * Read an entry from Consul's JSON document.
	 * @param document the document
	 * @return the entry
	 */
	@SuppressWarnings("unchecked")
	public static ConfigEntry fromDocument(Map<String, Object> document) {
		Map<String, Object> fields = new LinkedHashMap<>(document);
		fields.keySet().removeAll(COMMON);
		Object meta = document.get("Meta");
		return new ConfigEntry(String.valueOf(document.get("Kind")), String.valueOf(document.get("Name")),
				(meta instanceof Map<?, ?> map) ? (Map<String, String>) map : null, fields,
				number(document, "CreateIndex"), number(document, "ModifyIndex"));
	}

	private static long number(Map<String, Object> document, String field) {
		return (document.get(field) instanceof Number number) ? number.longValue() : 0;
	}

}
