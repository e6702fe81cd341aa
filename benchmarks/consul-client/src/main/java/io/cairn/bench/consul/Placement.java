package io.cairn.bench.consul;

/**
 * Where and how the benchmark calls: how many threads call at once, and whether the
 * benchmark and the simulator are pinned to one CPU.
 *
 * @param name the name given in {@code bench.placements}
 * @param threads the calling threads
 * @param pinned whether both processes run on CPU 0 only
 */
record Placement(String name, int threads, boolean pinned) {

	/**
	 * The placement of a name: {@code one-cpu}, {@code four-callers} or
	 * {@code one-caller} (one thread, every CPU: the placement of the runs before
	 * 2026-11-27).
	 */
	static Placement named(String name) {
		return switch (name) {
			case "one-cpu" -> new Placement(name, 1, true);
			case "four-callers" -> new Placement(name, 4, false);
			case "one-caller" -> new Placement(name, 1, false);
			default -> throw new IllegalArgumentException(
					"Unknown placement '" + name + "': one-cpu, four-callers or one-caller");
		};
	}

}
