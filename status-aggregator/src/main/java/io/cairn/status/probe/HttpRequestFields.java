package io.cairn.status.probe;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;

/**
 * Reads and bounds what an HTTP check sends ({@code method}, {@code headers},
 * {@code body}, {@code auth}); every refusal is an {@link InvalidCheckException} naming
 * the field. A secret is only ever named: the value given for {@code auth.secret} is
 * never repeated in an error, in case someone pasted the secret itself.
 */
final class HttpRequestFields {

	/** The methods a check may use: no CONNECT or TRACE. */
	static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

	/**
	 * Headers a check may not set: hop-by-hop ones, those the client computes, the target
	 * ({@code Host}), and {@code Authorization}, whose credentials belong in {@code auth}
	 * so that they are referenced rather than stored.
	 */
	private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
			"content-length", "expect", "authorization");

	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");

	private static final Pattern USERNAME = Pattern.compile("[^:\\p{C}]{1,128}");

	private final ProbeProperties properties;

	private final @Nullable CheckSecrets secrets;

	HttpRequestFields(ProbeProperties properties, @Nullable CheckSecrets secrets) {
		this.properties = properties;
		this.secrets = secrets;
	}

	/**
	 * Read the request fields of a body.
	 * @param body the request's JSON object
	 * @return what to send, or null when the body has none of these fields
	 */
	@Nullable HttpRequestSpec read(JsonNode body) {
		JsonNode method = body.get("method");
		JsonNode headers = body.get("headers");
		JsonNode content = body.get("body");
		JsonNode auth = body.get("auth");
		if (absent(method) && absent(headers) && absent(content) && absent(auth)) {
			return null;
		}
		String verb = absent(method) ? "GET" : method(method);
		String text = absent(content) ? null : body(content, verb);
		return new HttpRequestSpec(verb, absent(headers) ? Map.of() : headers(headers), text,
				absent(auth) ? null : auth(auth));
	}

	private static boolean absent(@Nullable JsonNode node) {
		return node == null || node.isNull();
	}

	private static String method(JsonNode node) {
		String rule = "'method' must be one of " + String.join(", ", METHODS) + ".";
		if (!node.isString()) {
			throw new InvalidCheckException("method", rule);
		}
		String method = node.stringValue().trim().toUpperCase(Locale.ROOT);
		if (!METHODS.contains(method)) {
			throw new InvalidCheckException("method", rule);
		}
		return method;
	}

	private Map<String, String> headers(JsonNode node) {
		int max = this.properties.maxHeaders();
		int longest = this.properties.maxHeaderLength();
		if (!node.isObject()) {
			throw new InvalidCheckException("headers", "'headers' must be an object of header names and values.");
		}
		if (node.size() > max) {
			throw new InvalidCheckException("headers",
					"'headers' has more than " + max + " entries (cairn.status.probes.max-headers).");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		Set<String> seen = new java.util.HashSet<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String name = entry.getKey();
			if (!HEADER_NAME.matcher(name).matches()) {
				throw new InvalidCheckException("headers",
						"'headers' has a name that is not an HTTP header name: '" + CheckService.echo(name) + "'.");
			}
			String field = "headers." + name;
			String lower = name.toLowerCase(Locale.ROOT);
			if (FORBIDDEN_HEADERS.contains(lower)) {
				throw new InvalidCheckException(field, "'" + field + "' may not be set"
						+ (lower.equals("authorization") ? " (use 'auth', which names a secret)." : "."));
			}
			if (!seen.add(lower)) {
				throw new InvalidCheckException(field, "'" + field + "' is given twice.");
			}
			JsonNode value = entry.getValue();
			if (!value.isString() || !HEADER_VALUE.matcher(value.stringValue()).matches()) {
				throw new InvalidCheckException(field,
						"'" + field + "' must be a string of printable ASCII characters.");
			}
			if (name.length() + value.stringValue().length() > longest) {
				throw new InvalidCheckException(field, "'" + field + "' is longer than " + longest
						+ " characters, name and value (cairn.status.probes.max-header-length).");
			}
			headers.put(name, value.stringValue().trim());
		}
		return headers;
	}

	private String body(JsonNode node, String method) {
		if (!WITH_BODY.contains(method)) {
			throw new InvalidCheckException("body",
					"'body' needs method POST, PUT, PATCH or DELETE, not " + method + ".");
		}
		if (!node.isString() && !node.isContainer()) {
			throw new InvalidCheckException("body", "'body' must be a string, or a JSON object or array.");
		}
		String text = node.isString() ? node.stringValue() : node.toString();
		long max = this.properties.maxBodySize().toBytes();
		if (text.getBytes(StandardCharsets.UTF_8).length > max) {
			throw new InvalidCheckException("body",
					"'body' is larger than " + max + " bytes (cairn.status.probes.max-body-size).");
		}
		return text;
	}

	private HttpAuth auth(JsonNode node) {
		String shape = "'auth' must be {\"type\": \"bearer\", \"secret\": \"<name>\"} or {\"type\": \"basic\", "
				+ "\"username\": \"...\", \"secret\": \"<name>\"}.";
		if (!node.isObject()) {
			throw new InvalidCheckException("auth", shape);
		}
		for (String name : node.propertyNames()) {
			if (!List.of("type", "username", "secret").contains(name)) {
				throw new InvalidCheckException("auth." + CheckService.echo(name), shape);
			}
		}
		JsonNode type = node.get("type");
		HttpAuth.Scheme scheme;
		if (type != null && type.isString() && type.stringValue().equalsIgnoreCase("basic")) {
			scheme = HttpAuth.Scheme.BASIC;
		}
		else if (type != null && type.isString() && type.stringValue().equalsIgnoreCase("bearer")) {
			scheme = HttpAuth.Scheme.BEARER;
		}
		else {
			throw new InvalidCheckException("auth.type", "'auth.type' must be basic or bearer.");
		}
		JsonNode user = node.get("username");
		String username = null;
		if (scheme == HttpAuth.Scheme.BASIC) {
			if (user == null || !user.isString() || !USERNAME.matcher(user.stringValue()).matches()) {
				throw new InvalidCheckException("auth.username",
						"'auth.username' must be 1 to 128 characters without ':' or control characters.");
			}
			username = user.stringValue();
		}
		else if (!absent(user)) {
			throw new InvalidCheckException("auth.username", "'auth.username' applies to basic auth only.");
		}
		JsonNode secret = node.get("secret");
		// The value is never repeated: it might be the secret itself, pasted by mistake.
		if (secret == null || !secret.isString() || !CheckSecrets.validName(secret.stringValue())) {
			throw new InvalidCheckException("auth.secret", "'auth.secret' must name a secret: 1 to 64 lower-case "
					+ "letters, digits and hyphens, whose value is the property " + CheckSecrets.PREFIX + "<name>.");
		}
		if (this.secrets != null && this.secrets.value(secret.stringValue()) == null) {
			throw new InvalidCheckException("auth.secret", "'auth.secret' names a secret that is not set on this "
					+ "replica (" + CheckSecrets.PREFIX + "<name>).");
		}
		return new HttpAuth(scheme, username, secret.stringValue());
	}

}
