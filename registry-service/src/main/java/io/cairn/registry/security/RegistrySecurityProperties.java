package io.cairn.registry.security;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.InvalidInputException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tokens limited to some services, the way Consul ACL service policies work: a client
 * holding one can write (register, renew, deregister) only instances of the services
 * whose names match its globs. The unscoped {@code cairn.security.token} stays the admin
 * token, which may write everything.
 *
 * @param tokens the scoped tokens; when any is configured, every write needs a token (the
 * admin token or a scoped one), from whichever host it comes
 */
@ConfigurationProperties("cairn.registry.security")
public record RegistrySecurityProperties(@DefaultValue List<ScopedToken> tokens) {

	public RegistrySecurityProperties {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < tokens.size(); i++) {
			if (!seen.add(tokens.get(i).token())) {
				throw new IllegalArgumentException(
						"cairn.registry.security.tokens[" + i + "].token is the same as an earlier token");
			}
		}
		tokens = List.copyOf(tokens);
	}

	/**
	 * A token and the services it may write.
	 *
	 * @param name a name for the token in logs (the token itself is never logged), such
	 * as {@code payments-deployer}; by default its position in the list
	 * @param token the secret the client sends (REST: {@code Authorization: Bearer},
	 * JSON-RPC: {@code X-Api-Token})
	 * @param services globs of the service names it covers, such as {@code payments} and
	 * {@code payments-*}
	 * @param access {@code write} (the default) to register, renew and deregister those
	 * services; {@code read} to write nothing (reads are open to everyone anyway)
	 */
	public record ScopedToken(@Nullable String name, String token, List<String> services,
			@DefaultValue("write") Access access) {

		public ScopedToken {
			if (token == null || token.isBlank()) {
				throw new IllegalArgumentException("A cairn.registry.security.tokens entry has no token");
			}
			if (services == null || services.isEmpty()) {
				throw new IllegalArgumentException("The cairn.registry.security.tokens entry "
						+ ((name != null) ? "'" + name + "' " : "") + "lists no services");
			}
			for (String service : services) {
				try {
					Glob.compile("services", service);
				}
				catch (InvalidInputException ex) {
					throw new IllegalArgumentException("cairn.registry.security.tokens: '" + service
							+ "' is not a valid service glob: " + ex.getMessage());
				}
			}
			services = List.copyOf(services);
		}

		/**
		 * The globs it covers, compiled.
		 * @return the globs
		 */
		public List<Glob> globs() {
			return this.services.stream().map(Glob::compile).toList();
		}

		@Override
		public String toString() {
			// Never the token: this record may end up in a log line or a failure report.
			return "ScopedToken[name=" + this.name + ", token=***, services=" + this.services + ", access="
					+ this.access.name().toLowerCase(Locale.ROOT) + "]";
		}

	}

	/**
	 * What a scoped token may do with the services it covers.
	 */
	public enum Access {

		/** Nothing beyond what anyone may do: reads. */
		READ,

		/** Register, renew and deregister instances. */
		WRITE

	}

}
