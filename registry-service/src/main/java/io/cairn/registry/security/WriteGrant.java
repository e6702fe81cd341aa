package io.cairn.registry.security;

import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.RegistrationRules;

/**
 * What one request may write: every service (the admin token, or a client the write
 * policy lets through without a token), the services a scoped token covers, or nothing
 * (with the status and reason of the refusal).
 */
public final class WriteGrant {

	/** The request attribute holding the grant of a REST write. */
	public static final String ATTRIBUTE = WriteGrant.class.getName();

	private final String holder;

	private final @Nullable List<String> scope;

	private final Predicate<String> covers;

	private final int refusalStatus;

	private final @Nullable String refusal;

	private WriteGrant(String holder, @Nullable List<Glob> scope, int refusalStatus, @Nullable String refusal) {
		this.holder = holder;
		this.scope = (scope != null) ? scope.stream().map(Glob::pattern).toList() : null;
		this.covers = (scope != null) ? scope.stream().map(Glob::toPredicate).reduce(Predicate::or).orElse((n) -> false)
				: (n) -> true;
		this.refusalStatus = refusalStatus;
		this.refusal = refusal;
	}

	/**
	 * A grant to write every service.
	 * @param holder who holds it, for logs
	 * @return the grant
	 */
	static WriteGrant everything(String holder) {
		return new WriteGrant(holder, null, 0, null);
	}

	/**
	 * A grant limited to the services matching some globs.
	 * @param holder who holds it, for logs
	 * @param scope the globs (empty for a read-only token)
	 * @return the grant
	 */
	static WriteGrant scoped(String holder, List<Glob> scope) {
		return new WriteGrant(holder, List.copyOf(scope), 0, null);
	}

	/**
	 * No write at all.
	 * @param status 401 (no token or a wrong one) or 403 (not from this host)
	 * @param reason a sentence saying why and what to do
	 * @return the refusal
	 */
	static WriteGrant refused(int status, String reason) {
		return new WriteGrant("an unauthenticated client", List.of(), status, reason);
	}

	/**
	 * Whether the request may write nothing at all.
	 * @return true when refused
	 */
	public boolean refused() {
		return this.refusal != null;
	}

	/**
	 * The HTTP status of a refusal.
	 * @return 401 or 403
	 */
	public int refusalStatus() {
		return this.refusalStatus;
	}

	/**
	 * Why the request may write nothing.
	 * @return the reason, or an empty string when not refused
	 */
	public String refusal() {
		return (this.refusal != null) ? this.refusal : "";
	}

	/**
	 * Whether the request may write instances of a service.
	 * @param name the service name
	 * @return true when allowed
	 */
	public boolean permits(String name) {
		if (this.refusal != null) {
			return false;
		}
		return this.covers.test(name);
	}

	/**
	 * Who holds the grant, for logs and messages: never a token.
	 * @return a description such as "token 'payments-deployer'"
	 */
	public String holder() {
		return this.holder;
	}

	/**
	 * Why a name is outside the grant, for the client.
	 * @param name the service name refused
	 * @return a sentence
	 */
	public String outOfScope(String name) {
		if (this.refusal != null) {
			return this.refusal;
		}
		String covered = (this.scope == null || this.scope.isEmpty()) ? "no service" : String.join(", ", this.scope);
		return "This token may not write the service '" + RegistrationRules.printable(name) + "'; it covers " + covered
				+ ".";
	}

}
