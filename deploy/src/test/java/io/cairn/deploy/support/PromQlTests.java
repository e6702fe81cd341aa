package io.cairn.deploy.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PromQL reader finds series, matchers and groupings, and nothing else, so that the
 * rule and dashboard checks built on it can fail.
 */
class PromQlTests {

	@Test
	void findsSeriesWithTheirMatchers() {
		PromQl.Parsed parsed = PromQl
			.parse("sum by (kind) (rate(cairn_bridge_errors_total{kind=\"sync\", job=~\"a|b\"}[5m])) > 0.1");
		assertThat(parsed.selectors())
			.containsExactly(new PromQl.Selector("cairn_bridge_errors_total", java.util.Set.of("kind", "job")));
		assertThat(parsed.grouping()).containsExactly("kind");
	}

	@Test
	void skipsFunctionsKeywordsDurationsAndStrings() {
		PromQl.Parsed parsed = PromQl.parse("histogram_quantile(0.99, sum by (le) (rate(a_bucket[5m]))) > 10 "
				+ "and sum(rate(b_total[1h] offset 5m)) > 3 * max(c) or on() vector(1)");
		assertThat(parsed.selectors()).extracting(PromQl.Selector::metric).containsExactly("a_bucket", "b_total", "c");
	}

	@Test
	void checkerRejectsSeriesNoAppExports() {
		MetricReferences references = new MetricReferences();
		assertThat(references.check("test", "max(cairn_registry_expiries)")).singleElement()
			.asString()
			.contains("no app exports cairn_registry_expiries");
		assertThat(references.check("test", "sum(rate(cairn_registry_expiries_total[5m]))")).isEmpty();
		assertThat(references.check("test", "max(cairn_status_checks{state=\"critical\"})")).singleElement()
			.asString()
			.contains("has no label state");
		assertThat(references.check("test", "sum by (outcome) (cairn_registry_instances_alive)")).singleElement()
			.asString()
			.contains("groups by outcome");
	}

	@Test
	void exportedNamesComeFromMicrometer() {
		ExportedMetrics metrics = MetricReferences.exported();
		assertThat(metrics.meters()).extracting(ExportedMetrics.DeclaredMeter::name)
			.contains("cairn.registry.expiries", "cairn.status.poll.latency", "cairn.consul.requests",
					"cairn.mesos.leader.known", "cairn.mesos.marathon.leader.changes");
		assertThat(metrics.names()).contains("cairn_registry_expiries_total",
				"cairn_status_poll_latency_seconds_bucket", "cairn_status_aggregate",
				"cairn_consul_requests_seconds_count", "cairn_mesos_leader_known",
				"cairn_mesos_leader_unknown_time_seconds_total", "jvm_memory_used_bytes", "up");
		assertThat(metrics.labels("cairn_status_checks")).contains("status", "job", "instance");
	}

}
