package io.cairn.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.security.RegistrySecurityProperties.Access;
import io.cairn.registry.security.RegistrySecurityProperties.ScopedToken;
import io.cairn.support.security.CairnSecurityProperties;
import io.cairn.support.security.WritePolicy;

import org.springframework.stereotype.Component;

/**
 * Decides what a request may write, from the token it presents (REST:
 * {@code Authorization: Bearer}, JSON-RPC: servreg's {@code X-Api-Token}):
 * <ul>
 * <li>a scoped token ({@code cairn.registry.security.tokens}): the services its globs
 * cover;</li>
 * <li>otherwise the shared {@link WritePolicy} decides: the admin token
 * ({@code cairn.security.token}) may write everything; without any token configured,
 * clients on this host (or everyone, with {@code cairn.security.open-writes}) may write
 * everything, as servreg let them;</li>
 * <li>when scoped tokens are configured but no admin token, a write without a token is
 * refused from every host: configuring tokens means writes need one.</li>
 * </ul>
 * Tokens are compared through their SHA-256 digests in constant time, each against every
 * configured token.
 */
@Component
public class WriteAccess {

	private static final Log logger = LogFactory.getLog(WriteAccess.class);

	static final String TOKEN_NEEDED = "This write needs a token (cairn.registry.security.tokens are configured): "
			+ "send it as Authorization: Bearer <token> (REST) or X-Api-Token (JSON-RPC).";

	static final String TOKEN_INVALID = "The token is not valid.";

	private final WritePolicy policy;

	private final List<byte[]> digests = new ArrayList<>();

	private final List<WriteGrant> grants = new ArrayList<>();

	private final WriteGrant everything;

	WriteAccess(WritePolicy policy, CairnSecurityProperties security, RegistrySecurityProperties scoped) {
		this.policy = policy;
		this.everything = WriteGrant
			.everything(policy.tokenRequired() ? "the admin token" : "a client without a token");
		List<ScopedToken> tokens = scoped.tokens();
		for (int i = 0; i < tokens.size(); i++) {
			ScopedToken token = tokens.get(i);
			if (security.tokenRequired() && token.token().equals(security.token())) {
				throw new IllegalArgumentException("cairn.registry.security.tokens[" + i
						+ "].token is the admin token (cairn.security.token); give each scoped token its own value");
			}
			String holder = "token '" + ((token.name() != null) ? token.name() : "#" + i) + "'";
			this.digests.add(digest(token.token()));
			this.grants.add(WriteGrant.scoped(holder, (token.access() == Access.WRITE) ? token.globs() : List.of()));
		}
		if (!tokens.isEmpty()) {
			logger.info(tokens.size() + " scoped registry token(s) configured; writes need a token"
					+ (policy.tokenRequired() ? " (scoped, or the admin token)" : " (no admin token is set)"));
		}
	}

	/**
	 * What the request may write.
	 * @param request the request
	 * @param presented the token it presented in its protocol's form, or null
	 * @return the grant (possibly a refusal)
	 */
	public WriteGrant grant(HttpServletRequest request, @Nullable String presented) {
		if (presented != null && !this.digests.isEmpty()) {
			byte[] digest = digest(presented);
			WriteGrant match = null;
			for (int i = 0; i < this.digests.size(); i++) {
				if (MessageDigest.isEqual(this.digests.get(i), digest) && match == null) {
					match = this.grants.get(i);
				}
			}
			if (match != null) {
				return match;
			}
		}
		if (!this.digests.isEmpty() && !this.policy.tokenRequired()) {
			return WriteGrant.refused(401, (presented != null) ? TOKEN_INVALID : TOKEN_NEEDED);
		}
		WritePolicy.Decision decision = this.policy.decide(request, presented);
		return decision.allowed() ? this.everything : WriteGrant.refused(decision.status(), decision.detail());
	}

	/**
	 * Whether any token (admin or scoped) is configured.
	 * @return true when writes need a token
	 */
	public boolean tokensConfigured() {
		return this.policy.tokenRequired() || !this.digests.isEmpty();
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
