package io.cairn.deploy.support;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that PromQL expressions (alert rules, dashboard panels) name series the apps
 * export, with labels those series carry.
 */
public final class MetricReferences {

	/** Which module declares the meters of a name prefix. */
	private static final Map<String, String> OWNERS = Map.of("cairn_registry_", "registry-service", "cairn_status_",
			"status-aggregator", "cairn_bridge_", CairnApp.BRIDGE, "cairn_consul_", "consul-client", "cairn_mesos_",
			"mesos-discovery");

	private static ExportedMetrics exported;

	private final ExportedMetrics metrics;

	private final Set<String> commonLabels;

	private final Set<String> unchecked = new TreeSet<>();

	private final Set<String> referenced = new TreeSet<>();

	/**
	 * A checker over what the apps in this checkout export.
	 */
	public MetricReferences() {
		this.metrics = exported();
		this.commonLabels = commonLabels();
	}

	/**
	 * The exported series, scanned once per test run.
	 * @return the series
	 */
	public static synchronized ExportedMetrics exported() {
		if (exported == null) {
			exported = ExportedMetrics.scan(Project.root());
		}
		return exported;
	}

	/**
	 * The tags every meter of every app carries ({@code management.metrics.tags.*} in the
	 * apps' application.yaml).
	 * @return the label names
	 */
	public static Set<String> commonLabels() {
		Set<String> labels = new LinkedHashSet<>();
		for (CairnApp app : CairnApp.checkable()) {
			Object tags = Yamls.at(app.applicationYaml(), "management.metrics.tags");
			if (tags instanceof Map<?, ?> map) {
				map.keySet().forEach((key) -> labels.add(key.toString()));
			}
		}
		return labels;
	}

	/**
	 * Check one expression.
	 * @param where what to name in messages
	 * @param expression the PromQL
	 * @return the problems found, empty when none
	 */
	public List<String> check(String where, String expression) {
		List<String> problems = new ArrayList<>();
		PromQl.Parsed parsed;
		try {
			parsed = PromQl.parse(expression);
		}
		catch (RuntimeException ex) {
			return List.of(where + ": " + ex.getMessage());
		}
		if (parsed.selectors().isEmpty()) {
			problems.add(where + ": selects no series: " + expression);
		}
		Set<String> available = new LinkedHashSet<>(this.commonLabels);
		boolean complete = true;
		for (PromQl.Selector selector : parsed.selectors()) {
			String owner = owner(selector.metric());
			if (owner != null && !Files.isDirectory(Project.root().resolve(owner).resolve("src/main/java"))) {
				// The module that declares it is not in this checkout yet (see
				// CairnApp.BRIDGE).
				this.unchecked.add(selector.metric());
				complete = false;
				continue;
			}
			this.referenced.add(selector.metric());
			if (!this.metrics.has(selector.metric())) {
				problems.add(where + ": no app exports " + selector.metric());
				continue;
			}
			Set<String> labels = new LinkedHashSet<>(this.metrics.labels(selector.metric()));
			labels.addAll(this.commonLabels);
			available.addAll(labels);
			for (String label : selector.labels()) {
				if (!labels.contains(label)) {
					problems
						.add(where + ": " + selector.metric() + " has no label " + label + " (it has " + labels + ")");
				}
			}
		}
		for (String label : parsed.grouping()) {
			if (complete && !available.contains(label)) {
				problems.add(where + ": groups by " + label + ", which none of its series carries");
			}
		}
		return problems;
	}

	/**
	 * Series that could not be checked because their module is not in this checkout.
	 * @return their names
	 */
	public Set<String> unchecked() {
		return this.unchecked;
	}

	/**
	 * Series that were checked.
	 * @return their names
	 */
	public Set<String> referenced() {
		return this.referenced;
	}

	private static String owner(String metric) {
		for (Map.Entry<String, String> entry : OWNERS.entrySet()) {
			if (metric.startsWith(entry.getKey())) {
				return entry.getValue();
			}
		}
		return null;
	}

}
