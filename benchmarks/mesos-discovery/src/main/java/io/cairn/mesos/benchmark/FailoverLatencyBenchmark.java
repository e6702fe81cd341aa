package io.cairn.mesos.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.detector.State;
import io.cairn.mesos.master.Master;
import io.cairn.mesos.zk.ZkUrl;
import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import io.cairn.testkit.mesos.ZkMasterContender;
import org.HdrHistogram.Histogram;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;

/**
 * Time from the leading master's znode being deleted (a clean master shutdown) to the
 * detector's listeners being told the new leader, over many failovers on an in-process
 * ZooKeeper ({@code TestingServer}).
 * <p>
 * The baseline, measured in the same failovers, is a bare ZooKeeper child watch on the
 * group path on its own session: the earliest any watcher can know. The ratio shows what
 * the detector adds (re-listing, decoding, publishing, the listener hand-off).
 * <p>
 * Arguments: failovers measured, warm-up failovers, output file.
 */
public final class FailoverLatencyBenchmark {

	private FailoverLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int failovers = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		int warmup = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		Path output = Path.of((args.length > 2) ? args[2] : "target/failover-latency.txt");
		Histogram detectorLatency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
		Histogram watchLatency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
		try (TestingServer zk = new TestingServer(true);
				ZkMasterContender a = ZkMasterContender.join(zk.getConnectString(), "/mesos", MasterGeneration.JSON,
						MasterSpec.local(5050, "a"));
				ZkMasterContender b = ZkMasterContender.join(zk.getConnectString(), "/mesos", MasterGeneration.JSON,
						MasterSpec.local(5051, "b"));
				CuratorFramework watcherClient = CuratorFrameworkFactory.newClient(zk.getConnectString(),
						new RetryOneTime(10));
				MasterDetector detector = MasterDetector
					.create(ZkUrl.parse("zk://" + zk.getConnectString() + "/mesos"))) {
			watcherClient.start();
			watcherClient.blockUntilConnected();
			BlockingQueue<Long> watchEvents = new LinkedBlockingQueue<>();
			BlockingQueue<Told> told = new LinkedBlockingQueue<>();
			detector.addListener((previous, current) -> {
				long now = System.nanoTime();
				if (current.state() == State.LEADER_KNOWN && current.leader() != null) {
					told.add(new Told(now, current.leader(), current.members().size()));
				}
			});
			detector.start();
			Master first = detector.awaitLeader(Duration.ofSeconds(30)).orElseThrow();
			ZkMasterContender[] masters = first.znode().equals(a.znode()) ? new ZkMasterContender[] { a, b }
					: new ZkMasterContender[] { b, a };
			awaitMembers(told, 2);
			Watcher watch = (event) -> {
				if (event.getType() == Watcher.Event.EventType.NodeChildrenChanged) {
					watchEvents.add(System.nanoTime());
				}
			};
			for (int i = 0; i < warmup + failovers; i++) {
				ZkMasterContender leader = masters[0];
				ZkMasterContender next = masters[1];
				String expected = next.znode();
				watchEvents.clear();
				told.clear();
				watcherClient.getChildren().usingWatcher(watch).forPath("/mesos");
				long deleted = System.nanoTime();
				leader.withdraw();
				Told newLeader = awaitLeader(told, expected);
				Long watched = watchEvents.poll(30, TimeUnit.SECONDS);
				if (watched == null) {
					throw new IllegalStateException("the bare watch never fired");
				}
				if (i >= warmup) {
					detectorLatency.recordValue(newLeader.at() - deleted);
					watchLatency.recordValue(watched - deleted);
				}
				// The old leader comes back as a backup, as a restarted master does.
				leader.rejoin();
				awaitMembers(told, 2);
				masters[0] = next;
				masters[1] = leader;
			}
		}
		String report = report(failovers, detectorLatency, watchLatency);
		System.out.println(report);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report, StandardCharsets.UTF_8);
		double p99 = detectorLatency.getValueAtPercentile(99) / 1e6;
		if (p99 >= 50) {
			System.out.println("TARGET MISSED: p99 " + p99 + " ms is not under 50 ms");
		}
	}

	private static Told awaitLeader(BlockingQueue<Told> told, String znode) throws InterruptedException {
		while (true) {
			Told next = told.poll(30, TimeUnit.SECONDS);
			if (next == null) {
				throw new IllegalStateException("the detector never told " + znode);
			}
			if (next.leader().znode().equals(znode)) {
				return next;
			}
		}
	}

	private static void awaitMembers(BlockingQueue<Told> told, int members) throws InterruptedException {
		while (true) {
			Told next = told.poll(30, TimeUnit.SECONDS);
			if (next == null) {
				throw new IllegalStateException("the detector never listed " + members + " masters");
			}
			if (next.members() == members) {
				return;
			}
		}
	}

	private static String report(int failovers, Histogram detector, Histogram watch) {
		StringBuilder out = new StringBuilder();
		out.append("mesos-discovery failover latency: leader znode deleted -> listener told the new leader\n");
		out.append(String.format(Locale.ROOT,
				"failovers measured: %d, on Curator TestingServer (zookeeper.forceSync=%s), %s %s, %d cpus%n",
				failovers, System.getProperty("zookeeper.forceSync", "yes"), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
		out.append(String.format(Locale.ROOT, "%-34s %9s %9s %9s %9s%n", "", "p50 ms", "p90 ms", "p99 ms", "max ms"));
		line(out, "detector (listener told)", detector);
		line(out, "baseline (bare child watch fired)", watch);
		out.append(String.format(Locale.ROOT, "ratio detector/baseline: p50 %.2f, p99 %.2f%n",
				ratio(detector, watch, 50), ratio(detector, watch, 99)));
		out.append(String.format(Locale.ROOT, "target p99 < 50 ms: %s%n",
				(detector.getValueAtPercentile(99) < TimeUnit.MILLISECONDS.toNanos(50)) ? "met" : "MISSED"));
		return out.toString();
	}

	private static void line(StringBuilder out, String name, Histogram histogram) {
		out.append(String.format(Locale.ROOT, "%-34s %9.3f %9.3f %9.3f %9.3f%n", name,
				histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(90) / 1e6,
				histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6));
	}

	private static double ratio(Histogram detector, Histogram watch, double percentile) {
		return (double) detector.getValueAtPercentile(percentile) / Math.max(1, watch.getValueAtPercentile(percentile));
	}

	private record Told(long at, Master leader, int members) {
	}

}
