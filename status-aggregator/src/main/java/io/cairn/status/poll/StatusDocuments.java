package io.cairn.status.poll;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.check.PythonJson;
import io.cairn.support.security.Redaction;

/**
 * Reads a check's answer: its {@code status} (or the value at its {@code jsonpath}) and
 * {@code message}, with Megaphone's wording where Megaphone had one.
 * <p>
 * The path is walked over the parsed tree, field by field (Megaphone 2016 turned it into
 * Python source and {@code eval()}-ed it). A document without a status is Unknown for
 * that check only (Megaphone's {@code /status} crashed for everyone); a value other than
 * the four statuses is Unknown and keeps its spelling in the message, as in Megaphone.
 */
public final class StatusDocuments {

	/** The longest message kept from a check's answer. */
	static final int MAX_MESSAGE = 1024;

	private static final int MAX_LABEL = 64;

	private final JsonMapper mapper;

	private final Map<String, CheckStatus> aliases;

	private final boolean showReasons;

	/**
	 * Create the reader.
	 * @param mapper the JSON mapper
	 */
	public StatusDocuments(JsonMapper mapper) {
		this(mapper, Map.of(), true);
	}

	/**
	 * Create the reader with status aliases.
	 * @param mapper the JSON mapper
	 * @param aliases extra status values (any case) and what they count as
	 * @param showReasons whether a failure message says why (HTTP 404, not a JSON object)
	 */
	public StatusDocuments(JsonMapper mapper, Map<String, CheckStatus> aliases, boolean showReasons) {
		this.mapper = mapper;
		this.showReasons = showReasons;
		Map<String, CheckStatus> lower = new HashMap<>();
		aliases.forEach((name, status) -> lower.put(name.trim().toLowerCase(Locale.ROOT), status));
		this.aliases = Map.copyOf(lower);
	}

	/**
	 * Parse a JSON path as Megaphone wrote it ({@code a/b/status}) or as a JSON Pointer
	 * ({@code /a/b/status}).
	 * @param path the path
	 * @return the JSON Pointer form
	 * @throws IllegalArgumentException when the path is empty or malformed
	 */
	public static String pointer(String path) {
		String trimmed = path.trim();
		if (trimmed.isEmpty() || trimmed.equals("/")) {
			throw new IllegalArgumentException("the path is empty");
		}
		String pointer = trimmed.startsWith("/") ? trimmed : "/" + trimmed;
		try {
			tools.jackson.core.JsonPointer.compile(pointer);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + path + "' is not a valid path: " + ex.getMessage());
		}
		return pointer;
	}

	/**
	 * Interpret a response body.
	 * @param check the check
	 * @param httpStatus the HTTP status code
	 * @param body the body (already size-capped)
	 * @param finishedAt when the fetch finished
	 * @param latencyMillis how long it took
	 * @return the result
	 */
	public PollResult read(CheckDefinition check, int httpStatus, byte[] body, Instant finishedAt, long latencyMillis) {
		return read(check, httpStatus, parse(body), finishedAt, latencyMillis);
	}

	/**
	 * Interpret a response body already parsed (health formats parse it once for every
	 * reading they try).
	 * @param check the check
	 * @param httpStatus the HTTP status code
	 * @param root the parsed body, or null when it is not JSON
	 * @param finishedAt when the fetch finished
	 * @param latencyMillis how long it took
	 * @return the result
	 */
	public PollResult read(CheckDefinition check, int httpStatus, @Nullable JsonNode root, Instant finishedAt,
			long latencyMillis) {
		if (root == null || !root.isObject()) {
			String why = (httpStatus >= 200 && httpStatus < 300) ? "the answer is not a JSON object"
					: "HTTP " + httpStatus;
			return PollResult.of(CheckStatus.CRITICAL, unable(check, why), null, finishedAt, latencyMillis);
		}
		String document = PythonJson.write(root);
		if (check.statusOverride() != null) {
			return PollResult.of(check.statusOverride(), "NOTICE: statusoverride used!", document, finishedAt,
					latencyMillis);
		}
		JsonNode value = (check.jsonPath() != null) ? root.at(pointer(check.jsonPath())) : root.get("status");
		if (value == null || value.isMissingNode() || value.isNull() || value.isContainer()) {
			if (httpStatus < 200 || httpStatus >= 300) {
				return PollResult.of(CheckStatus.CRITICAL, unable(check, "HTTP " + httpStatus), document, finishedAt,
						latencyMillis);
			}
			String where = (check.jsonPath() != null) ? "at path " + check.jsonPath() : "field";
			return PollResult.of(CheckStatus.UNKNOWN, "The answer has no status " + where, document, finishedAt,
					latencyMillis);
		}
		String raw = value.asString();
		CheckStatus known = CheckStatus.parse(raw).orElse(this.aliases.get(raw.trim().toLowerCase(Locale.ROOT)));
		CheckStatus status = (known != null) ? known : CheckStatus.UNKNOWN;
		String label = (known != null) ? status.label() : truncate(raw, MAX_LABEL);
		String message = text(root.get("message"));
		if (message == null) {
			message = (check.jsonPath() != null) ? "Status from path " + check.jsonPath() + ": " + label
					: "Detected " + status.label() + " state [no message specified]";
		}
		return new PollResult(status, label, truncate(message, MAX_MESSAGE), document, finishedAt, latencyMillis,
				false);
	}

	private String unable(CheckDefinition check, String reason) {
		return "Unable to communicate with " + Redaction.url(check.target()) + "!"
				+ (this.showReasons ? " (" + reason + ")" : "");
	}

	private @Nullable JsonNode parse(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		return node.isString() ? node.stringValue() : node.toString();
	}

	static String truncate(String value, int max) {
		return (value.length() <= max) ? value : value.substring(0, max - 1) + "…";
	}

}
