package io.cairn.status.format;

import java.util.Locale;
import java.util.Optional;

/**
 * The health answers a check understands. {@link #AUTO} tells them apart by the answer
 * itself; a check may name one instead.
 */
public enum HealthFormat {

	/**
	 * Megaphone documents first (their meaning never changes), then Spring Boot Actuator,
	 * Consul and Kubernetes answers recognised by their shape; anything else is read as a
	 * Megaphone document would be (a non-JSON answer is Critical).
	 */
	AUTO,

	/** Megaphone's {@code {"status": "OK", "message": ...}} (or its {@code jsonpath}). */
	MEGAPHONE,

	/**
	 * Spring Boot Actuator health: {@code UP} is OK, {@code DOWN} and
	 * {@code OUT_OF_SERVICE} are Critical, anything else Unknown; components are listed
	 * in the message.
	 */
	ACTUATOR,

	/**
	 * Consul's check and agent health answers ({@code /v1/health/checks/<service>},
	 * {@code /v1/health/service/<service>}, {@code /v1/agent/checks},
	 * {@code /v1/agent/health/service/...}): the worst check, passing → OK, warning →
	 * Warning, critical and maintenance → Critical.
	 */
	CONSUL,

	/**
	 * Kubernetes {@code /healthz}, {@code /livez}, {@code /readyz}: HTTP 200 ({@code ok})
	 * is OK, anything else Critical, failed {@code [-]} checks named in the message.
	 */
	KUBERNETES,

	/** Any HTTP answer: a 2xx status (or the check's own list of codes) is OK. */
	PLAIN;

	/**
	 * Read a format name in any case, with {@code -} or {@code _}.
	 * @param value the name
	 * @return the format, or empty when unknown
	 */
	public static Optional<HealthFormat> parse(String value) {
		String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (HealthFormat format : values()) {
			if (format.name().equals(name)) {
				return Optional.of(format);
			}
		}
		return Optional.empty();
	}

}
