package io.cairn.status.probe;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckKind;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.TargetPolicy;
import io.cairn.status.service.InvalidCheckException;

/**
 * What a check's URL makes of it ({@code tcp://host:port} a TCP check,
 * {@code tls://host:port} a TLS check, anything else HTTP) and which probe settings fit
 * which kind.
 */
public final class ProbeTargets {

	private static final Set<String> SOCKET_SCHEMES = Set.of("tcp", "tls");

	private static final Set<String> DNS_SCHEMES = Set.of("dns");

	/** The target of every pushed check: it has no URL of its own. */
	public static final String PUSH_TARGET = "push";

	private ProbeTargets() {
	}

	/**
	 * The kind of check a URL is.
	 * @param url the URL
	 * @return TCP, TLS or HTTP
	 */
	public static CheckKind kind(String url) {
		String lower = url.trim().toLowerCase(Locale.ROOT);
		if (lower.startsWith("tcp://")) {
			return CheckKind.TCP;
		}
		if (lower.startsWith("tls://")) {
			return CheckKind.TLS;
		}
		if (lower.startsWith("dns://")) {
			return CheckKind.DNS;
		}
		if (lower.equals(PUSH_TARGET)) {
			return CheckKind.PUSH;
		}
		return CheckKind.HTTP;
	}

	/**
	 * Check a TCP or TLS URL against the target policy: a host and a port, nothing else.
	 * @param policy the policy
	 * @param url the URL
	 * @return the parsed URL
	 * @throws ForbiddenTargetException when the URL is refused
	 */
	public static URI check(TargetPolicy policy, String url) throws ForbiddenTargetException {
		if (kind(url) == CheckKind.DNS) {
			URI uri = policy.checkUrl(url, DNS_SCHEMES);
			try {
				DnsProbe.Query.of(uri);
			}
			catch (IllegalArgumentException ex) {
				throw new ForbiddenTargetException(String.valueOf(ex.getMessage()));
			}
			return uri;
		}
		URI uri = policy.checkUrl(url, SOCKET_SCHEMES);
		if (uri.getPort() < 1) {
			throw new ForbiddenTargetException("'" + uri.getScheme() + "://" + uri.getHost() + "' needs a port");
		}
		if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
				|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new ForbiddenTargetException("a " + uri.getScheme() + " URL is host:port, without a path or query");
		}
		return uri;
	}

	/**
	 * A check's probe settings with the defaults of its kind: a TLS check without
	 * conditions gets {@code [CONNECTED] == true} (Critical) and
	 * {@code [CERTIFICATE_DAYS_LEFT] >= 14} (Warning), stored with it so that they are
	 * shown as any other condition.
	 * @param kind the kind
	 * @param probe the settings given, or null
	 * @return the settings to store
	 */
	public static @Nullable Probe withDefaults(CheckKind kind, @Nullable Probe probe) {
		if (kind == CheckKind.TLS && (probe == null || !probe.hasConditions())) {
			return new Probe(null, List.of(), NetworkProbes.TLS_DEFAULTS);
		}
		return probe;
	}

	/**
	 * Refuse settings that do not fit the kind of check.
	 * @param kind the kind
	 * @param probe the probe settings, or null
	 * @param jsonPath the JSON path, or null
	 * @param https whether an HTTP check's URL is HTTPS
	 * @throws InvalidCheckException naming the field that does not fit
	 */
	public static void validate(CheckKind kind, @Nullable Probe probe, @Nullable String jsonPath, boolean https) {
		String name = kind.name().toLowerCase(Locale.ROOT);
		if (kind != CheckKind.HTTP && jsonPath != null) {
			throw new InvalidCheckException("jsonpath", "'jsonpath' applies to HTTP checks, not " + name + " checks.");
		}
		if (kind == CheckKind.PUSH && (probe == null || probe.push() == null)) {
			throw new InvalidCheckException("push", "A pushed check needs 'push', e.g. {\"ttl\": \"5m\"}.");
		}
		if (probe == null) {
			return;
		}
		if (kind != CheckKind.PUSH && probe.push() != null) {
			throw new InvalidCheckException("push", "'push' checks have no 'url' (or the url \"push\").");
		}
		if (kind == CheckKind.PUSH && (probe.format() != null || !probe.okStatuses().isEmpty() || probe.hasConditions()
				|| probe.request() != null)) {
			throw new InvalidCheckException("push", "A pushed check has 'push' only: no format, okStatus, "
					+ "conditions, method, headers, body or auth.");
		}
		if (kind != CheckKind.HTTP && probe.request() != null) {
			String field = (probe.request().auth() != null) ? "auth" : "method";
			throw new InvalidCheckException(field,
					"'method', 'headers', 'body' and 'auth' apply to HTTP checks, not " + name + " checks.");
		}
		if (kind != CheckKind.HTTP && probe.format() != null) {
			throw new InvalidCheckException("format", "'format' applies to HTTP checks, not " + name + " checks.");
		}
		if (kind != CheckKind.HTTP && !probe.okStatuses().isEmpty()) {
			throw new InvalidCheckException("okStatus", "'okStatus' applies to HTTP checks, not " + name + " checks.");
		}
		for (int i = 0; i < probe.conditions().size(); i++) {
			ConditionExpression expression = probe.conditions().get(i).parsed();
			String field = "conditions[" + i + "]";
			String unfit = expression.unfitFor(kind, https);
			if (unfit != null) {
				throw new InvalidCheckException(field, "'" + field + "' cannot be used here: " + unfit + ".");
			}
		}
	}

}
