package io.cairn.status.probe;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checks beyond Megaphone's document, under {@code cairn.status.probes}. The defaults
 * here are the ones the docs quote.
 *
 * @param maxConditions the most conditions one check may have (1 to 50)
 * @param maxExpressionLength the longest condition expression, in characters (16 to 1024)
 * @param maxOkStatuses the most HTTP status codes a plain check may list as OK (1 to 100)
 * @param sslBundle the name of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*})
 * whose trust material TLS checks and HTTPS checks with a format or conditions use, for
 * targets whose certificates an internal CA signs; unset, the JDK's trusted CAs are used
 */
@ConfigurationProperties("cairn.status.probes")
public record ProbeProperties(@DefaultValue("10") int maxConditions, @DefaultValue("256") int maxExpressionLength,
		@DefaultValue("20") int maxOkStatuses, @Nullable String sslBundle) {

	public ProbeProperties {
		between("max-conditions", maxConditions, 1, 50);
		between("max-expression-length", maxExpressionLength, 16, 1024);
		between("max-ok-statuses", maxOkStatuses, 1, 100);
	}

	private static void between(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					"cairn.status.probes." + name + " must lie between " + min + " and " + max + ", not " + value);
		}
	}

}
