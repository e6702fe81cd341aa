package io.cairn.status.check;

/**
 * One check's own flap detection settings, overriding {@code cairn.status.flapping.*}.
 *
 * @param enabled whether flapping is detected for this check at all
 * @param low the percent state change below which a flapping check stops flapping
 * @param high the percent state change at or above which a check starts flapping
 */
public record FlapSpec(boolean enabled, double low, double high) {

	/** Flap detection switched off for one check. */
	public static final FlapSpec OFF = new FlapSpec(false, 0, 0);

}
