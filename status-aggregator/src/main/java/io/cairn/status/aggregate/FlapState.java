package io.cairn.status.aggregate;

/**
 * Whether a check is flapping, as of its latest result.
 *
 * @param flapping whether it is flapping (alerts about it should wait until it stops)
 * @param percentStateChange the weighted percent state change over the results kept (0 to
 * 100), newer changes weighing more
 * @param results how many results it was computed from (at most the window)
 */
public record FlapState(boolean flapping, double percentStateChange, int results) {

	/** A check with no result yet, or with flap detection off. */
	public static final FlapState NONE = new FlapState(false, 0, 0);

}
