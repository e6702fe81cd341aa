package io.cairn.status.probe;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
 * @param maxHeaders the most request headers an HTTP check may send (1 to 50)
 * @param maxHeaderLength the longest request header an HTTP check may send, name and
 * value together, in characters (16 to 8192)
 * @param maxBodySize the largest request body an HTTP check may send (at most 1MB)
 * @param pushMinTtl the shortest TTL a pushed check may have (at least 1s)
 * @param pushMaxTtl the longest TTL a pushed check may have (at most 30 days)
 * @param pushMaxMessageLength the longest message a pushed report may carry, in
 * characters (16 to 4096)
 */
@ConfigurationProperties("cairn.status.probes")
public record ProbeProperties(@DefaultValue("10") int maxConditions, @DefaultValue("256") int maxExpressionLength,
		@DefaultValue("20") int maxOkStatuses, @Nullable String sslBundle, @DefaultValue("20") int maxHeaders,
		@DefaultValue("1024") int maxHeaderLength, @DefaultValue("64KB") DataSize maxBodySize,
		@DefaultValue("10s") Duration pushMinTtl, @DefaultValue("7d") Duration pushMaxTtl,
		@DefaultValue("1024") int pushMaxMessageLength) {

	public ProbeProperties {
		between("max-conditions", maxConditions, 1, 50);
		between("max-expression-length", maxExpressionLength, 16, 1024);
		between("max-ok-statuses", maxOkStatuses, 1, 100);
		between("max-headers", maxHeaders, 1, 50);
		between("max-header-length", maxHeaderLength, 16, 8192);
		between("max-body-size", maxBodySize.toBytes(), 0, DataSize.ofMegabytes(1).toBytes());
		between("push-min-ttl", pushMinTtl.toSeconds(), 1, Duration.ofDays(30).toSeconds());
		between("push-max-ttl", pushMaxTtl.toSeconds(), pushMinTtl.toSeconds(), Duration.ofDays(30).toSeconds());
		between("push-max-message-length", pushMaxMessageLength, 16, 4096);
	}

	private static void between(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					"cairn.status.probes." + name + " must lie between " + min + " and " + max + ", not " + value);
		}
	}

}
