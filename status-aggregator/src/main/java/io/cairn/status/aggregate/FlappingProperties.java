package io.cairn.status.aggregate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Nagios-style flap detection, under {@code cairn.status.flapping}. The defaults here are
 * the ones the docs quote (and Nagios's own for services).
 *
 * @param enabled whether flapping is detected (a check's own {@code flapping} setting
 * overrides it)
 * @param window how many of a check's latest results are kept to compute its percent
 * state change (3 to 100; Nagios keeps 21)
 * @param lowThreshold a flapping check stops flapping when its percent state change falls
 * below this (0 to 100, below {@code high-threshold})
 * @param highThreshold a check starts flapping when its percent state change reaches this
 * (0 to 100)
 */
@ConfigurationProperties("cairn.status.flapping")
public record FlappingProperties(@DefaultValue("true") boolean enabled, @DefaultValue("21") int window,
		@DefaultValue("5.0") double lowThreshold, @DefaultValue("20.0") double highThreshold) {

	public FlappingProperties {
		if (window < 3 || window > 100) {
			throw new IllegalArgumentException(
					"cairn.status.flapping.window must lie between 3 and 100, not " + window);
		}
		if (!(highThreshold > 0 && highThreshold <= 100)) {
			throw new IllegalArgumentException(
					"cairn.status.flapping.high-threshold must lie above 0 and at most 100, not " + highThreshold);
		}
		if (!(lowThreshold >= 0 && lowThreshold < highThreshold)) {
			throw new IllegalArgumentException("cairn.status.flapping.low-threshold must lie between 0 and "
					+ "high-threshold (" + highThreshold + "), not " + lowThreshold);
		}
	}

}
