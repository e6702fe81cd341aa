package io.cairn.deploy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus series the apps export, with their label names, worked out without
 * starting the apps.
 * <p>
 * The meters are read from the apps' and their libraries' sources (every
 * {@code Counter.builder(...)}, {@code Timer.builder(...)}, ... up to its
 * {@code .register(...)}, with its tags, base unit and histogram settings). Each is then
 * registered, as declared, in Micrometer's own {@link PrometheusMeterRegistry} and
 * scraped, so suffixes and units ({@code _total}, {@code _seconds_bucket},
 * {@code _seconds{quantile=...}}) come from Micrometer, not from rules written here. A
 * running app would not do: many meters exist only once their feature works (Consul
 * request timers after the first call, Mesos leader meters with a master configured, the
 * bridge's with Marathon), so a fresh app's {@code /actuator/prometheus} would miss names
 * the alerts rightly use. Spring Boot's JVM meters, bound in every app, are added through
 * the same binders Boot uses.
 */
public final class ExportedMetrics {

	/** Modules whose sources declare meters. */
	public static final List<String> SOURCE_MODULES = List.of("registry-service", "status-aggregator",
			"marathon-consul-bridge", "consul-client", "mesos-discovery", "support");

	/**
	 * Labels Prometheus adds to every series of a target: job and instance everywhere,
	 * namespace on Kubernetes (the chart's ServiceMonitor; the compose stack has none,
	 * and grouping by a label a series lacks keeps it in one group).
	 */
	public static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace");

	private static final Pattern BUILDER = Pattern
		.compile("\\b(Counter|Timer|Gauge|FunctionCounter|FunctionTimer|DistributionSummary|LongTaskTimer|TimeGauge)"
				+ "\\s*\\.\\s*builder\\s*\\(\\s*([^,)]+)");

	private static final Pattern TAG = Pattern.compile("\\.tag\\(\\s*\"([^\"]+)\"");

	private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"");

	private static final Pattern CONCATENATED = Pattern.compile("^[\\w.]+\\s*\\+\\s*\"([^\"]+)\"$");

	private final Map<String, Set<String>> series;

	private final List<DeclaredMeter> meters;

	private ExportedMetrics(Map<String, Set<String>> series, List<DeclaredMeter> meters) {
		this.series = series;
		this.meters = meters;
	}

	/**
	 * Read the sources of every module that exists in this checkout.
	 * @param root the project root
	 * @return the exported series
	 */
	public static ExportedMetrics scan(Path root) {
		Map<Path, String> sources = new TreeMap<>();
		for (String module : SOURCE_MODULES) {
			Path java = root.resolve(module).resolve("src/main/java");
			if (Files.isDirectory(java)) {
				try (Stream<Path> files = Files.walk(java)) {
					for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
						sources.put(file, Files.readString(file));
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		List<DeclaredMeter> meters = new ArrayList<>();
		for (Map.Entry<Path, String> source : sources.entrySet()) {
			meters.addAll(declaredIn(source.getKey(), source.getValue(), sources));
		}
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		meters.forEach((meter) -> meter.register(registry));
		// What Spring Boot binds in every app (JvmMetricsAutoConfiguration,
		// SystemMetricsAutoConfiguration).
		new JvmMemoryMetrics().bindTo(registry);
		new JvmThreadMetrics().bindTo(registry);
		new ProcessorMetrics().bindTo(registry);
		new UptimeMetrics().bindTo(registry);
		Map<String, Set<String>> series = new TreeMap<>();
		for (String line : registry.scrape().split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			String name = line.substring(0, (brace >= 0 && brace < space) ? brace : space);
			Set<String> labels = series.computeIfAbsent(name, (n) -> new LinkedHashSet<>(TARGET_LABELS));
			if (brace >= 0 && brace < space) {
				Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
		}
		// Prometheus' own per-target series.
		series.put("up", new LinkedHashSet<>(TARGET_LABELS));
		return new ExportedMetrics(series, meters);
	}

	private static List<DeclaredMeter> declaredIn(Path file, String source, Map<Path, String> allSources) {
		List<DeclaredMeter> meters = new ArrayList<>();
		Matcher builder = BUILDER.matcher(source);
		while (builder.find()) {
			int end = source.indexOf(".register(", builder.end());
			if (end < 0) {
				throw new AssertionError(file + ": a " + builder.group(1) + " builder without .register(...)");
			}
			String chain = source.substring(builder.end(), end);
			Set<String> tags = new LinkedHashSet<>();
			Matcher tag = TAG.matcher(chain);
			while (tag.find()) {
				tags.add(tag.group(1));
			}
			Matcher unit = BASE_UNIT.matcher(chain);
			String baseUnit = unit.find() ? unit.group(1) : null;
			boolean histogram = chain.contains(".publishPercentileHistogram(");
			boolean percentiles = chain.contains(".publishPercentiles(");
			for (String name : names(builder.group(2).trim(), file, source, allSources)) {
				meters.add(new DeclaredMeter(builder.group(1), name, tags, baseUnit, histogram, percentiles, file));
			}
		}
		return meters;
	}

	/**
	 * The names a builder's name expression stands for: a literal, a constant of the same
	 * file, or {@code prefix + ".suffix"} where the prefix is a constructor argument
	 * given as a literal wherever the class is created.
	 */
	private static List<String> names(String expression, Path file, String source, Map<Path, String> allSources) {
		if (expression.startsWith("\"") && expression.endsWith("\"")) {
			return List.of(expression.substring(1, expression.length() - 1));
		}
		if (expression.matches("[A-Z_][A-Z0-9_]*")) {
			Matcher constant = Pattern.compile("\\b" + expression + "\\s*=\\s*\"([^\"]+)\"").matcher(source);
			if (constant.find()) {
				return List.of(constant.group(1));
			}
		}
		Matcher concatenated = CONCATENATED.matcher(expression);
		if (concatenated.matches()) {
			String className = file.getFileName().toString().replace(".java", "");
			Pattern creation = Pattern.compile("new\\s+" + className + "\\s*\\([^;]*?\"([^\"]+)\"\\s*\\)");
			List<String> names = new ArrayList<>();
			for (String other : allSources.values()) {
				Matcher created = creation.matcher(other);
				while (created.find()) {
					names.add(created.group(1) + concatenated.group(1));
				}
			}
			if (!names.isEmpty()) {
				return names;
			}
		}
		throw new AssertionError(file + ": cannot tell the meter name of " + expression
				+ "; teach ExportedMetrics this form so the alerts stay checked");
	}

	/**
	 * Whether a series is exported.
	 * @param name the Prometheus series name
	 * @return true when some app exports it
	 */
	public boolean has(String name) {
		return this.series.containsKey(name);
	}

	/**
	 * The label names a series carries, target labels included.
	 * @param name the series name
	 * @return its labels, or an empty set when it is not exported
	 */
	public Set<String> labels(String name) {
		return this.series.getOrDefault(name, Set.of());
	}

	/**
	 * Every exported series.
	 * @return the names
	 */
	public Set<String> names() {
		return this.series.keySet();
	}

	/**
	 * The meters found in the sources.
	 * @return the declarations
	 */
	public List<DeclaredMeter> meters() {
		return this.meters;
	}

	/**
	 * A meter as the source declares it.
	 *
	 * @param type the Micrometer builder
	 * @param name the meter name
	 * @param tags its tag keys
	 * @param baseUnit its base unit, or null
	 * @param histogram whether it publishes a percentile histogram
	 * @param percentiles whether it publishes client-side percentiles
	 * @param source where it is declared
	 */
	public record DeclaredMeter(String type, String name, Set<String> tags, String baseUnit, boolean histogram,
			boolean percentiles, Path source) {

		void register(MeterRegistry registry) {
			Tags tagged = Tags.empty();
			for (String tag : this.tags) {
				tagged = tagged.and(tag, "x");
			}
			switch (this.type) {
				case "Counter" -> Counter.builder(this.name).tags(tagged).baseUnit(this.baseUnit).register(registry);
				case "FunctionCounter" -> FunctionCounter.builder(this.name, this, (m) -> 1.0)
					.tags(tagged)
					.baseUnit(this.baseUnit)
					.register(registry);
				case "Gauge" ->
					Gauge.builder(this.name, () -> 1).tags(tagged).baseUnit(this.baseUnit).register(registry);
				case "TimeGauge" -> TimeGauge.builder(this.name, () -> 1, java.util.concurrent.TimeUnit.SECONDS)
					.tags(tagged)
					.register(registry);
				case "Timer", "FunctionTimer" -> {
					Timer.Builder timer = Timer.builder(this.name).tags(tagged);
					if (this.histogram) {
						timer.publishPercentileHistogram();
					}
					if (this.percentiles) {
						timer.publishPercentiles(0.5);
					}
					timer.register(registry).record(java.time.Duration.ofMillis(1));
				}
				case "DistributionSummary" -> {
					DistributionSummary.Builder summary = DistributionSummary.builder(this.name)
						.tags(tagged)
						.baseUnit(this.baseUnit);
					if (this.histogram) {
						summary.publishPercentileHistogram();
					}
					if (this.percentiles) {
						summary.publishPercentiles(0.5);
					}
					summary.register(registry).record(1);
				}
				case "LongTaskTimer" -> LongTaskTimer.builder(this.name).tags(tagged).register(registry);
				default -> throw new IllegalStateException(this.type);
			}
		}

	}

}
