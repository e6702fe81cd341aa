package io.cairn.support.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a write may proceed: with a token configured, the request must present
 * it; without one, the request must have arrived on a loopback address of this host,
 * unless the operator opened writes on purpose ({@code cairn.security.open-writes}).
 * Every write path uses this one decision: the bearer-token filter, and endpoints that
 * carry their token another way (JSON-RPC's {@code X-Api-Token}, the bridge's callback
 * query parameter).
 */
public final class WritePolicy {

	/**
	 * The detail of the refusal sent to a write from another host when no token is set.
	 */
	public static final String LOOPBACK_ONLY_DETAIL = "No cairn.security.token is set, so writes are accepted "
			+ "only from this host (loopback). Set cairn.security.token and send it, or set "
			+ "cairn.security.open-writes=true to accept writes from anyone.";

	private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%\\w]*");

	private final TokenCheck tokenCheck;

	private final boolean openWrites;

	/**
	 * Create the policy.
	 * @param properties the security properties
	 */
	public WritePolicy(CairnSecurityProperties properties) {
		this.tokenCheck = new TokenCheck(properties);
		this.openWrites = properties.openWrites();
	}

	/**
	 * Whether writes need a token.
	 * @return true when a token is configured
	 */
	public boolean tokenRequired() {
		return this.tokenCheck.required();
	}

	/**
	 * Whether writes are accepted from any client without a token.
	 * @return true when no token is set and writes were opened on purpose
	 */
	public boolean openToEveryone() {
		return !this.tokenCheck.required() && this.openWrites;
	}

	/**
	 * Decide on a write.
	 * @param request the request
	 * @param presentedToken the token the client presented in the endpoint's own form, or
	 * null when it presented none
	 * @return the decision
	 */
	public Decision decide(HttpServletRequest request, @Nullable String presentedToken) {
		if (this.tokenCheck.required()) {
			if (this.tokenCheck.accepts(presentedToken)) {
				return Decision.ALLOWED;
			}
			return (presentedToken != null) ? Decision.INVALID_TOKEN : Decision.MISSING_TOKEN;
		}
		if (this.openWrites || arrivedOnLoopback(request)) {
			return Decision.ALLOWED;
		}
		return Decision.NOT_FROM_THIS_HOST;
	}

	/**
	 * Whether the connection was made to a loopback address. The local address is what
	 * the client connected to, which forwarding headers cannot change (unlike the remote
	 * address, which a proxy-aware server may take from {@code X-Forwarded-For}); only a
	 * process on this host can reach a loopback address.
	 */
	private static boolean arrivedOnLoopback(HttpServletRequest request) {
		String local = request.getLocalAddr();
		if (local == null || local.isEmpty()) {
			return false;
		}
		if (!IP_LITERAL.matcher(local).matches()) {
			return false;
		}
		try {
			// An IP literal is parsed, never looked up.
			return InetAddress.getByName(local).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * The outcome of {@link WritePolicy#decide}.
	 */
	public enum Decision {

		/**
		 * The write may proceed.
		 */
		ALLOWED(200, "This write is allowed."),

		/**
		 * A token is required and none was presented.
		 */
		MISSING_TOKEN(401, "This write needs an Authorization: Bearer <token> header (cairn.security.token is set)."),

		/**
		 * A token is required and the one presented is wrong.
		 */
		INVALID_TOKEN(401, "The bearer token is not valid."),

		/**
		 * No token is set, writes are not open, and the request came from another host.
		 */
		NOT_FROM_THIS_HOST(403, LOOPBACK_ONLY_DETAIL);

		private final int status;

		private final String detail;

		Decision(int status, String detail) {
			this.status = status;
			this.detail = detail;
		}

		/**
		 * Whether the write may proceed.
		 * @return true for {@link #ALLOWED}
		 */
		public boolean allowed() {
			return this == ALLOWED;
		}

		/**
		 * The HTTP status of a refusal.
		 * @return 401 or 403 (200 when allowed)
		 */
		public int status() {
			return this.status;
		}

		/**
		 * A sentence for the client saying why and what to do.
		 * @return the detail
		 */
		public String detail() {
			return this.detail;
		}

	}

}
