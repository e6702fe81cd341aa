package io.cairn.status.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import io.cairn.status.poll.HttpCheckAnswer;
import io.cairn.status.poll.StatusDocuments;
import io.cairn.support.security.Redaction;

/**
 * Reads an HTTP answer in one of the {@link HealthFormat}s.
 * <p>
 * {@link HealthFormat#AUTO} reads the answer as Megaphone did first and keeps that
 * reading whenever it understood the status (one of the four statuses or a configured
 * alias), so every Megaphone document keeps its meaning. Only an answer Megaphone could
 * not read (a status outside its vocabulary, no status, a JSON array, plain text) is
 * tried as Actuator, Consul and Kubernetes answers, recognised by their shape; if none
 * fits, Megaphone's reading stands.
 */
public final class HealthReaders {

	private static final int MAX_MESSAGE = 1024;

	/** The most components or checks named in a message. */
	private static final int MAX_NAMED = 20;

	private static final List<String> ACTUATOR_STATUSES = List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN");

	private final JsonMapper mapper;

	private final StatusDocuments documents;

	private final boolean showReasons;

	/**
	 * Create the readers.
	 * @param mapper parses answers
	 * @param documents Megaphone's reader
	 * @param showReasons whether failure messages say why
	 */
	public HealthReaders(JsonMapper mapper, StatusDocuments documents, boolean showReasons) {
		this.mapper = mapper;
		this.documents = documents;
		this.showReasons = showReasons;
	}

	/**
	 * Read an answer.
	 * @param check the check
	 * @param format the format
	 * @param okStatuses the codes a plain check counts as OK (empty for 2xx)
	 * @param answer the answer (one that arrived)
	 * @return the result
	 */
	public PollResult read(CheckDefinition check, HealthFormat format, List<Integer> okStatuses,
			HttpCheckAnswer answer) {
		return switch (format) {
			case MEGAPHONE -> megaphone(check, answer);
			case AUTO -> auto(check, answer);
			case PLAIN -> plain(answer, okStatuses);
			case ACTUATOR -> orUnreadable(actuator(parse(answer.body()), answer, true), check, answer, "Actuator");
			case CONSUL -> orUnreadable(consul(parse(answer.body()), answer), check, answer, "Consul");
			case KUBERNETES -> orUnreadable(kubernetes(answer, true), check, answer, "Kubernetes");
		};
	}

	private PollResult megaphone(CheckDefinition check, HttpCheckAnswer answer) {
		return this.documents.read(check, answer.status(), answer.body(), answer.finishedAt(), answer.latencyMillis());
	}

	private PollResult auto(CheckDefinition check, HttpCheckAnswer answer) {
		JsonNode root = parse(answer.body());
		PollResult megaphone = this.documents.read(check, answer.status(), root, answer.finishedAt(),
				answer.latencyMillis());
		if (check.statusOverride() != null || check.jsonPath() != null || understood(megaphone, root)) {
			return megaphone;
		}
		PollResult detected = actuator(root, answer, false);
		if (detected == null) {
			detected = consul(root, answer);
		}
		if (detected == null && root == null) {
			detected = kubernetes(answer, false);
		}
		return (detected != null) ? detected : megaphone;
	}

	/**
	 * Whether Megaphone's reading found one of its statuses (or an alias) in a
	 * {@code status} field: then its label is the status's own.
	 */
	private static boolean understood(PollResult megaphone, @Nullable JsonNode root) {
		return megaphone.document() != null && root != null && root.path("status").isValueNode()
				&& megaphone.label().equals(megaphone.status().label());
	}

	private PollResult plain(HttpCheckAnswer answer, List<Integer> okStatuses) {
		int code = answer.status();
		boolean ok = okStatuses.isEmpty() ? (code >= 200 && code < 300) : okStatuses.contains(code);
		return result(ok ? CheckStatus.OK : CheckStatus.CRITICAL, "HTTP " + code, null, answer);
	}

	/**
	 * Spring Boot Actuator health: {@code {"status": "UP", "components": {...}}} (or
	 * {@code details} before Boot 2.2).
	 */
	private @Nullable PollResult actuator(@Nullable JsonNode root, HttpCheckAnswer answer, boolean named) {
		if (root == null || !root.isObject() || !root.path("status").isString()) {
			return null;
		}
		String status = root.get("status").stringValue();
		if (!named && !ACTUATOR_STATUSES.contains(status)) {
			return null;
		}
		StringBuilder message = new StringBuilder("Actuator ").append(status);
		JsonNode components = root.has("components") ? root.get("components") : root.get("details");
		if (components != null && components.isObject()) {
			List<String> parts = new ArrayList<>();
			for (Map.Entry<String, JsonNode> component : components.properties()) {
				String state = component.getValue().path("status").isString()
						? component.getValue().get("status").stringValue() : "?";
				parts.add(component.getKey() + " " + state);
			}
			named(message.append("; components: "), parts);
		}
		return result(actuatorStatus(status), message.toString(), PythonJson.write(root), answer);
	}

	private static CheckStatus actuatorStatus(String status) {
		return switch (status.toUpperCase(Locale.ROOT)) {
			case "UP" -> CheckStatus.OK;
			case "DOWN", "OUT_OF_SERVICE" -> CheckStatus.CRITICAL;
			default -> CheckStatus.UNKNOWN;
		};
	}

	/**
	 * Consul's health answers: an agent's {@code AggregatedStatus} (one object or a
	 * list), a list of checks ({@code /v1/health/checks/...},
	 * {@code /v1/health/state/...}), a list of service entries with their checks
	 * ({@code /v1/health/service/...}), or an agent's checks by id
	 * ({@code /v1/agent/checks}).
	 */
	private @Nullable PollResult consul(@Nullable JsonNode root, HttpCheckAnswer answer) {
		if (root == null) {
			return null;
		}
		List<JsonNode> checks = new ArrayList<>();
		List<String> aggregated = new ArrayList<>();
		if (root.isObject() && root.path("AggregatedStatus").isString()) {
			aggregated.add(root.get("AggregatedStatus").stringValue());
		}
		else if (root.isObject() && !root.isEmpty()) {
			for (JsonNode value : root.values()) {
				if (!isConsulCheck(value)) {
					return null;
				}
				checks.add(value);
			}
		}
		else if (root.isArray() && !root.isEmpty()) {
			for (JsonNode entry : root) {
				if (entry.path("AggregatedStatus").isString()) {
					aggregated.add(entry.get("AggregatedStatus").stringValue());
				}
				else if (isConsulCheck(entry)) {
					checks.add(entry);
				}
				else if (entry.path("Checks").isArray() && entry.has("Service")) {
					for (JsonNode check : entry.get("Checks")) {
						if (!isConsulCheck(check)) {
							return null;
						}
						checks.add(check);
					}
				}
				else {
					return null;
				}
			}
		}
		else {
			return null;
		}
		CheckStatus worst = CheckStatus.OK;
		List<String> failing = new ArrayList<>();
		for (String status : aggregated) {
			worst = CheckStatus.worst(worst, consulStatus(status));
			if (!status.equals("passing")) {
				failing.add("service " + status);
			}
		}
		for (JsonNode check : checks) {
			String status = check.get("Status").stringValue();
			worst = CheckStatus.worst(worst, consulStatus(status));
			if (!status.equals("passing")) {
				String name = check.path("Name").isString() ? check.get("Name").stringValue()
						: check.get("CheckID").stringValue();
				failing.add(name + " " + status);
			}
		}
		int total = aggregated.size() + checks.size();
		StringBuilder message = new StringBuilder("Consul: ");
		if (failing.isEmpty()) {
			message.append(total).append((total == 1) ? " check passing" : " checks passing");
		}
		else {
			named(message.append(failing.size()).append(" of ").append(total).append(" not passing: "), failing);
		}
		return result(worst, message.toString(), PythonJson.write(root), answer);
	}

	private static boolean isConsulCheck(JsonNode node) {
		return node.isObject() && node.path("CheckID").isString() && node.path("Status").isString();
	}

	private static CheckStatus consulStatus(String status) {
		return switch (status) {
			case "passing" -> CheckStatus.OK;
			case "warning" -> CheckStatus.WARNING;
			case "critical", "maintenance" -> CheckStatus.CRITICAL;
			default -> CheckStatus.UNKNOWN;
		};
	}

	/**
	 * Kubernetes {@code /healthz}, {@code /livez}, {@code /readyz}: {@code ok} with HTTP
	 * 200; with {@code ?verbose} one {@code [+]name ok} or {@code [-]name failed} line
	 * per check.
	 */
	private @Nullable PollResult kubernetes(HttpCheckAnswer answer, boolean named) {
		String text = new String(answer.body(), StandardCharsets.UTF_8).strip();
		List<String> failed = new ArrayList<>();
		int checks = 0;
		for (String line : text.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.startsWith("[+]")) {
				checks++;
			}
			else if (trimmed.startsWith("[-]")) {
				checks++;
				failed.add(trimmed.substring(3).split(" ", 2)[0]);
			}
		}
		boolean looksLikeIt = text.equalsIgnoreCase("ok") || checks > 0;
		if (!named && !looksLikeIt) {
			return null;
		}
		int code = answer.status();
		CheckStatus status = (code == 200 && failed.isEmpty()) ? CheckStatus.OK : CheckStatus.CRITICAL;
		StringBuilder message = new StringBuilder("HTTP ").append(code);
		if (!failed.isEmpty()) {
			named(message.append("; failed: "), failed);
		}
		else if (checks > 0) {
			message.append("; ").append(checks).append(" checks passed");
		}
		else if (looksLikeIt) {
			message.append("; ok");
		}
		return result(status, message.toString(), null, answer);
	}

	private PollResult orUnreadable(@Nullable PollResult read, CheckDefinition check, HttpCheckAnswer answer,
			String format) {
		if (read != null) {
			return read;
		}
		String why = "the answer is not " + format + " health (HTTP " + answer.status() + ")";
		String message = "Unable to communicate with " + Redaction.url(check.target()) + "!"
				+ (this.showReasons ? " (" + why + ")" : "");
		return result(CheckStatus.CRITICAL, message, null, answer);
	}

	private static void named(StringBuilder message, List<String> names) {
		int shown = Math.min(names.size(), MAX_NAMED);
		message.append(String.join(", ", names.subList(0, shown)));
		if (names.size() > shown) {
			message.append(", … (").append(names.size() - shown).append(" more)");
		}
	}

	private static PollResult result(CheckStatus status, String message, @Nullable String document,
			HttpCheckAnswer answer) {
		String shown = (message.length() <= MAX_MESSAGE) ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
		return new PollResult(status, status.label(), shown, document, answer.finishedAt(), answer.latencyMillis(),
				false);
	}

	/**
	 * Parse a body as JSON.
	 * @param body the body
	 * @return the tree, or null when it is not JSON
	 */
	public @Nullable JsonNode parse(byte[] body) {
		int first = 0;
		if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
			// a UTF-8 byte order mark, which Jackson skips
			first = 3;
		}
		while (first < body.length && Character.isWhitespace(body[first])) {
			first++;
		}
		if (first == body.length || (body[first] != '{' && body[first] != '[')) {
			return null;
		}
		try {
			return this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
