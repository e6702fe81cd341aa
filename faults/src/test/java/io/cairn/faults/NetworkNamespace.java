package io.cairn.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host of its own on this machine: a Linux network namespace joined to the host by two
 * veth pairs, one that carries only ZooKeeper's traffic and one for everything else
 * (Consul, Marathon, the suite's probes), so that a partition from ZooKeeper alone is a
 * link going down. With the host side of the ZooKeeper pair down, the namespace's packets
 * to ZooKeeper vanish without an answer, as in a real partition (no reset, no ICMP).
 * Needs root and iproute2.
 */
final class NetworkNamespace implements AutoCloseable {

	private final String name;

	private final int index;

	NetworkNamespace(String name, int index) {
		this.name = name;
		this.index = index;
	}

	/** The namespace's name, for {@code ip netns exec}. */
	String name() {
		return this.name;
	}

	/** The host's address on the ZooKeeper link, as seen from inside. */
	String zookeeperGateway() {
		return "10.218." + (this.index * 2) + ".1";
	}

	/** The host's address on the service link, as seen from inside. */
	String serviceGateway() {
		return "10.218." + (this.index * 2 + 1) + ".1";
	}

	/** The namespace's own address on the service link, where its apps are reached. */
	String address() {
		return "10.218." + (this.index * 2 + 1) + ".2";
	}

	private String link(String kind, String side) {
		return "cf" + this.index + kind + side;
	}

	NetworkNamespace create() {
		close();
		// Also when the suite's JVM is stopped before its clean-up runs.
		Runtime.getRuntime().addShutdownHook(new Thread(this::close, "remove-" + this.name));
		run("ip", "netns", "add", this.name);
		run("ip", "netns", "exec", this.name, "ip", "link", "set", "lo", "up");
		pair("z", this.index * 2);
		pair("s", this.index * 2 + 1);
		return this;
	}

	private void pair(String kind, int subnet) {
		String host = link(kind, "h");
		String inside = link(kind, "n");
		run("ip", "link", "add", host, "type", "veth", "peer", "name", inside);
		run("ip", "link", "set", inside, "netns", this.name);
		run("ip", "addr", "add", "10.218." + subnet + ".1/30", "dev", host);
		run("ip", "link", "set", host, "up");
		run("ip", "netns", "exec", this.name, "ip", "addr", "add", "10.218." + subnet + ".2/30", "dev", inside);
		run("ip", "netns", "exec", this.name, "ip", "link", "set", inside, "up");
	}

	/** Cut the namespace off from ZooKeeper (and only from it). */
	void partitionFromZookeeper() {
		run("ip", "link", "set", link("z", "h"), "down");
	}

	void healZookeeper() {
		run("ip", "link", "set", link("z", "h"), "up");
	}

	/** Remove the namespace and its links; safe to call when they do not exist. */
	@Override
	public void close() {
		quietly("ip", "netns", "del", this.name);
		quietly("ip", "link", "del", link("z", "h"));
		quietly("ip", "link", "del", link("s", "h"));
	}

	private static void run(String... command) {
		Outcome outcome = execute(command);
		if (outcome.exit != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed (" + outcome.exit + "): "
					+ outcome.output + " (the bridge scenarios need root and iproute2)");
		}
	}

	private static void quietly(String... command) {
		execute(command);
	}

	private record Outcome(int exit, String output) {
	}

	private static Outcome execute(String... command) {
		try {
			Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Outcome(-1, "timed out");
			}
			return new Outcome(process.exitValue(), output);
		}
		catch (IOException ex) {
			return new Outcome(-1, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(-1, "interrupted");
		}
	}

	static List<String> leftovers() {
		Outcome outcome = execute("ip", "netns", "list");
		List<String> names = new ArrayList<>();
		for (String line : outcome.output.split("\n")) {
			if (line.startsWith("cairn-faults-")) {
				names.add(line.split(" ")[0]);
			}
		}
		return names;
	}

}
