package io.cairn.bench.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sets the CPUs this process (all its threads) may run on, with {@code taskset}
 * (util-linux): processes started afterwards, the JMH forks and the simulators they
 * start, inherit them.
 */
final class Affinity {

	/**
	 * The CPUs this process was given, read before it pins itself (the JVM counts only
	 * the CPUs it may run on).
	 */
	private static final String ALL = "0-" + (Runtime.getRuntime().availableProcessors() - 1);

	private Affinity() {
	}

	/** Every CPU this process was started with, as a {@code taskset} list. */
	static String all() {
		return ALL;
	}

	/**
	 * Allow this process the CPUs of a list.
	 * @param cpus a {@code taskset} CPU list, such as {@code 0} or {@code 0-1}
	 * @return what was done, for the report
	 */
	static String set(String cpus) {
		String pid = Long.toString(ProcessHandle.current().pid());
		try {
			Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, pid).redirectErrorStream(true)
				.start();
			String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			if (taskset.waitFor() != 0) {
				return "CPUs not set (taskset: " + output + ")";
			}
			return "CPUs " + cpus;
		}
		catch (IOException ex) {
			return "CPUs not set (no taskset: " + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "CPUs not set (interrupted)";
		}
	}

}
