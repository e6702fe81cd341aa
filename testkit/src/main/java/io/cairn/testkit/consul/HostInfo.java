package io.cairn.testkit.consul;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * The answer of {@code /v1/agent/host}: memory, CPUs, host and disk in the field names of
 * the gopsutil structures Consul returns, filled from what the JVM can see.
 */
final class HostInfo {

	private HostInfo() {
	}

	static ObjectNode collect() {
		ObjectNode info = JSON.createObjectNode();
		info.set("Memory", memory());
		info.set("CPU", cpus());
		info.set("Host", host());
		info.set("Disk", disk());
		Instant now = Instant.now();
		info.put("CollectionTime", now.getEpochSecond() * 1_000_000_000L + now.getNano());
		info.putNull("Errors");
		return info;
	}

	private static ObjectNode memory() {
		long total = 0;
		long free = 0;
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			total = sun.getTotalMemorySize();
			free = sun.getFreeMemorySize();
		}
		long used = total - free;
		return JSON.createObjectNode()
			.put("total", total)
			.put("available", free)
			.put("used", used)
			.put("usedPercent", (total > 0) ? 100.0 * used / total : 0.0)
			.put("free", free);
	}

	private static ArrayNode cpus() {
		ArrayNode cpus = JSON.createArrayNode();
		int count = Runtime.getRuntime().availableProcessors();
		for (int i = 0; i < count; i++) {
			cpus.addObject()
				.put("cpu", i)
				.put("vendorId", "")
				.put("family", "")
				.put("model", "")
				.put("modelName", System.getProperty("os.arch"))
				.put("cores", 1)
				.put("mhz", 0.0);
		}
		return cpus;
	}

	private static ObjectNode host() {
		String hostname;
		try {
			hostname = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			hostname = "localhost";
		}
		long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
		return JSON.createObjectNode()
			.put("hostname", hostname)
			.put("uptime", uptime)
			.put("bootTime", Instant.now().getEpochSecond() - uptime)
			.put("procs", 1)
			.put("os", System.getProperty("os.name").toLowerCase(Locale.ROOT))
			.put("platform", "")
			.put("platformFamily", "")
			.put("platformVersion", "")
			.put("kernelVersion", System.getProperty("os.version"))
			.put("kernelArch", System.getProperty("os.arch"))
			.put("virtualizationSystem", "")
			.put("virtualizationRole", "")
			.put("hostId", "");
	}

	private static ObjectNode disk() {
		File root = new File("/");
		long total = root.getTotalSpace();
		long free = root.getUsableSpace();
		long used = total - free;
		return JSON.createObjectNode()
			.put("path", "/")
			.put("fstype", "")
			.put("total", total)
			.put("free", free)
			.put("used", used)
			.put("usedPercent", (total > 0) ? 100.0 * used / total : 0.0);
	}

}
