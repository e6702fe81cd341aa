package io.cairn.support.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may write to a Cairn app.
 *
 * @param token when set, every write request must carry it (as
 * {@code Authorization: Bearer <token>} unless the endpoint documents another form);
 * reads stay open
 * @param openWrites accept writes without a token from any client. Off by default: with
 * no token set, writes are accepted only on connections made to a loopback address of
 * this host, so an app reachable from the network is read-only until an operator either
 * sets a token or opens writes on purpose. Ignored when a token is set
 * @param allowedOrigins browser origins (such as {@code https://ops.example.com}) that
 * may send writes to this app from another site; by default a write from any origin other
 * than the app's own is refused
 */
@ConfigurationProperties("cairn.security")
public record CairnSecurityProperties(@Nullable String token, @DefaultValue("false") boolean openWrites,
		@DefaultValue List<String> allowedOrigins) {

	/**
	 * Bind all three properties.
	 * @param token the token, or null
	 * @param openWrites whether writes are open without a token
	 * @param allowedOrigins other origins trusted to send writes
	 */
	@ConstructorBinding
	public CairnSecurityProperties {
	}

	/**
	 * Properties with a token and nothing else.
	 * @param token the token, or null
	 */
	public CairnSecurityProperties(@Nullable String token) {
		this(token, false, List.of());
	}

	/**
	 * Whether a token is configured.
	 * @return true when writes need the token
	 */
	public boolean tokenRequired() {
		return this.token != null && !this.token.isBlank();
	}

}
