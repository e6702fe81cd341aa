package io.cairn.mesos.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import io.cairn.testkit.mesos.ZkMasterContender;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.curator.utils.ThreadUtils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's mesos-discovery scenario, for now as an integration test: the packaged
 * {@code mesos-leader --watch} runs as its own process against a real ZooKeeper while
 * masters fail over one after another, several at once, and while the command's own
 * ZooKeeper session expires (its link to ZooKeeper is cut for longer than its session
 * timeout, the masters' links are not). Every leader announcement is counted: one missed
 * (a leader that never got a line), a duplicate (the same leader announced twice with
 * nothing between) or a wrong one (a leader other than ZooKeeper's) fails the test; an
 * announcement later than {@link #ANNOUNCE_BOUND} after a failover, or later than
 * {@link #RECOVERY_BOUND} after the link healed, counts as missed. The figures go to
 * stdout and to {@code target/mesos-leader-watch-scenario.txt}.
 */
class MesosLeaderWatchScenarioIT {

	private static final Path JAR = Path.of("target", "mesos-leader.jar");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String GROUP = "/mesos/scenario";

	/**
	 * Generous, for a shared machine under load: failovers are announced within tens to
	 * hundreds of milliseconds there, the first leader (the command's JVM start included)
	 * within seconds.
	 */
	private static final Duration ANNOUNCE_BOUND = Duration.ofSeconds(30);

	/** From the link's healing to the leader announced again on a new session. */
	private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

	private static final int MASTERS = 4;

	private static final int SETTLED_FAILOVERS = 20;

	private static final int RAPID_CHAINS = 3;

	@Test
	void followsFailoverChainsAndSessionExpiryWithoutMissingOrRepeatingALeader() throws Exception {
		long started = System.nanoTime();
		// Ticks of 500 ms allow sessions from 1 s to 10 s: the command asks for 2 s, the
		// masters keep 10 s, so only the command's session expires when its link is cut.
		InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1);
		Tally tally = new Tally();
		try (TestingServer zk = new TestingServer(spec, true);
				CuttableLink link = new CuttableLink(zk.getPort());
				Group group = new Group(zk.getConnectString())) {
			group.fillTo(MASTERS);
			try (Watch watch = Watch.start("--zk", "zk://127.0.0.1:" + link.port() + GROUP, "--watch",
					"--session-timeout", "2")) {
				long launched = System.nanoTime();
				Line first = tally.awaitAnnouncement(watch, group.leaderId(), launched, false, ANNOUNCE_BOUND);
				tally.startupMicros = (first != null) ? (first.nanos() - launched) / 1000 : -1;

				// Settled failover chain: each leader goes (cleanly or by a crash), the
				// next
				// leads and must be announced before the next goes; the fallen rejoins.
				for (int i = 0; i < SETTLED_FAILOVERS; i++) {
					long at = System.nanoTime();
					group.removeLeader(i % 2 == 0);
					tally.actionsMicros.add((System.nanoTime() - at) / 1000);
					tally.failovers++;
					tally.awaitFailover(watch, group.leaderId(), at, tally.latenciesMicros);
					group.fillTo(MASTERS);
				}

				// Rapid chains: three leaders go back to back; intermediate leaders may
				// be
				// announced or not, the last one must be.
				for (int chain = 0; chain < RAPID_CHAINS; chain++) {
					long at = System.nanoTime();
					for (int kill = 0; kill < MASTERS - 1; kill++) {
						group.removeLeader(kill % 2 == 0);
						tally.rapidKills++;
					}
					tally.awaitFailover(watch, group.leaderId(), at, tally.rapidLatenciesMicros);
					group.fillTo(MASTERS);
				}

				// Session expiry with the same leader before and after.
				tally.expire(watch, link, group, false);
				// Session expiry with a failover while the command is cut off (it must
				// come
				// back with the new leader, not the old one).
				tally.expire(watch, link, group, true);
				// The watches live on in the new session (mesos-go#99).
				long at = System.nanoTime();
				group.removeLeader(true);
				tally.failovers++;
				tally.afterExpiryFailoverAnnounced = tally.awaitFailover(watch, group.leaderId(), at,
						tally.latenciesMicros);
				group.fillTo(MASTERS);
				tally.checkNoFurtherAnnouncement(watch);
			}
		}
		String result = tally.result(Duration.ofNanos(System.nanoTime() - started));
		System.out.println(result);
		Files.writeString(Path.of("target", "mesos-leader-watch-scenario.txt"), result + "\n");
		assertThat(tally.missed).as(result).isZero();
		assertThat(tally.duplicates).as(result).isZero();
		assertThat(tally.wrong).as(result).isZero();
		assertThat(tally.recoveries).as(result).hasSize(2);
		assertThat(tally.afterExpiryFailoverAnnounced).as(result).isTrue();
	}

	/** The masters, each on its own ZooKeeper session, in election order. */
	private static final class Group implements AutoCloseable {

		private final String connectString;

		private final List<ZkMasterContender> live = new ArrayList<>();

		private int joined;

		Group(String connectString) {
			this.connectString = connectString;
		}

		void fillTo(int size) {
			while (this.live.size() < size) {
				MasterGeneration generation = (this.joined % 2 == 0) ? MasterGeneration.JSON
						: MasterGeneration.PROTOBUF;
				MasterSpec spec = MasterSpec.local(5050 + this.joined, "master" + this.joined);
				this.joined++;
				this.live.add(ZkMasterContender.join(this.connectString, GROUP, generation, spec));
			}
			this.live.sort(Comparator.comparing(ZkMasterContender::znode, Comparator.comparingInt(Group::sequence)));
		}

		/** The leader goes: its znode deleted (a clean stop) or its session closed. */
		void removeLeader(boolean clean) {
			ZkMasterContender leader = this.live.remove(0);
			if (clean) {
				leader.withdraw();
			}
			leader.close();
		}

		String leaderId() {
			return this.live.get(0).spec().id();
		}

		private static int sequence(String znode) {
			return Integer.parseInt(znode.substring(znode.lastIndexOf('_') + 1));
		}

		@Override
		public void close() {
			this.live.forEach(ZkMasterContender::close);
		}

	}

	/** One line of {@code --watch} output, with when the test read it. */
	private record Line(long nanos, String state, @Nullable String leaderId) {

		boolean announces() {
			return "LEADER_KNOWN".equals(this.state) && this.leaderId != null;
		}

	}

	/** The command as its own process, its stdout read line by line. */
	private static final class Watch implements AutoCloseable {

		private final Process process;

		private final ExecutorService readers = Executors.newFixedThreadPool(2,
				ThreadUtils.newGenericThreadFactory("mesos-leader-watch-reader"));

		private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

		private final StringBuffer stderr = new StringBuffer();

		private Watch(Process process) {
			this.process = process;
			this.readers.execute(this::readStdout);
			this.readers.execute(this::readStderr);
		}

		static Watch start(String... args) throws IOException {
			assertThat(JAR).as("built by the package phase").exists();
			List<String> command = new ArrayList<>(List
				.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
			command.addAll(List.of(args));
			return new Watch(new ProcessBuilder(command).start());
		}

		@Nullable Line next(long deadlineNanos) throws InterruptedException {
			return this.lines.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}

		String stderr() {
			return this.stderr.toString();
		}

		private void readStdout() {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String text = in.readLine(); text != null; text = in.readLine()) {
					JsonNode json = JSON.readTree(text);
					JsonNode leader = json.path("leader");
					this.lines.add(new Line(System.nanoTime(), json.path("state").asString(""),
							leader.isObject() ? leader.path("id").asString() : null));
				}
			}
			catch (IOException ex) {
				// The process ended.
			}
		}

		private void readStderr() {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(this.process.getErrorStream(), StandardCharsets.UTF_8))) {
				for (String text = in.readLine(); text != null; text = in.readLine()) {
					this.stderr.append(text).append('\n');
				}
			}
			catch (IOException ex) {
				// The process ended.
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			this.readers.shutdownNow();
		}

	}

	/** What the command announced, against what ZooKeeper said. */
	private static final class Tally {

		int failovers;

		int rapidKills;

		int announced;

		int intermediate;

		int missed;

		int duplicates;

		int wrong;

		/** From the command's launch to its first announcement (JVM start included). */
		long startupMicros;

		/**
		 * Lines saying the leader is not known (a suspended session) when no link was
		 * cut.
		 */
		int uncertainOutsideExpiries;

		private boolean expiring;

		boolean afterExpiryFailoverAnnounced;

		final List<Long> latenciesMicros = new ArrayList<>();

		/** How long the test's own action took (deleting a znode, closing a session). */
		final List<Long> actionsMicros = new ArrayList<>();

		final List<Long> rapidLatenciesMicros = new ArrayList<>();

		final List<Long> recoveries = new ArrayList<>();

		final List<Long> suspensions = new ArrayList<>();

		private @Nullable String lastKnown;

		private final List<String> notes = new ArrayList<>();

		/**
		 * Waits for a failover's announcement and records its latency; in a rapid chain
		 * (recorded in {@link #rapidLatenciesMicros}) intermediate leaders may come
		 * first.
		 */
		boolean awaitFailover(Watch watch, String expected, long since, List<Long> latencies)
				throws InterruptedException {
			Line line = awaitAnnouncement(watch, expected, since, latencies == this.rapidLatenciesMicros,
					ANNOUNCE_BOUND);
			if (line != null) {
				latencies.add((line.nanos() - since) / 1000);
			}
			return line != null;
		}

		/** Reads lines until one announces the expected leader. */
		@Nullable Line awaitAnnouncement(Watch watch, String expected, long since, boolean intermediateAllowed, Duration bound)
				throws InterruptedException {
			long deadline = since + bound.toNanos();
			while (true) {
				Line line = watch.next(deadline);
				if (line == null) {
					this.missed++;
					this.notes.add("missed " + expected + " (stderr: " + watch.stderr().trim() + ")");
					return null;
				}
				if (!count(line)) {
					if (!this.expiring) {
						this.uncertainOutsideExpiries++;
						this.notes.add(line.state() + " outside an expiry, " + (line.nanos() - since) / 1_000_000
								+ " ms after the action");
					}
					continue;
				}
				if (expected.equals(line.leaderId())) {
					this.announced++;
					return line;
				}
				if (intermediateAllowed) {
					this.intermediate++;
				}
				else {
					this.wrong++;
					this.notes.add("announced " + line.leaderId() + " while " + expected + " leads");
				}
			}
		}

		/** Counts duplicates; returns whether the line announces a leader. */
		private boolean count(Line line) {
			if (!line.announces()) {
				this.lastKnown = null;
				return false;
			}
			if (line.leaderId().equals(this.lastKnown)) {
				this.duplicates++;
				this.notes.add("duplicate announcement of " + line.leaderId());
			}
			this.lastKnown = line.leaderId();
			return true;
		}

		/**
		 * Cuts the command's link to ZooKeeper until its session is lost, optionally with
		 * a failover meanwhile, heals it and waits for the leader to be announced again.
		 */
		void expire(Watch watch, CuttableLink link, Group group, boolean failoverWhileCut) throws InterruptedException {
			this.expiring = true;
			long cutAt = System.nanoTime();
			link.cut();
			Line suspended = awaitState(watch, cutAt, "UNCERTAIN");
			if (suspended != null) {
				this.suspensions.add((suspended.nanos() - cutAt) / 1000);
			}
			if (failoverWhileCut) {
				group.removeLeader(false);
				this.failovers++;
				group.fillTo(MASTERS);
			}
			// Lost: the second uncertain line, without the leader kept as a hint.
			awaitState(watch, cutAt, "UNCERTAIN");
			long healedAt = System.nanoTime();
			link.heal();
			Line back = awaitAnnouncement(watch, group.leaderId(), healedAt, false, RECOVERY_BOUND);
			if (back != null) {
				this.recoveries.add((back.nanos() - healedAt) / 1000);
			}
			this.expiring = false;
		}

		private @Nullable Line awaitState(Watch watch, long since, String state) throws InterruptedException {
			long deadline = since + RECOVERY_BOUND.toNanos();
			while (true) {
				Line line = watch.next(deadline);
				if (line == null) {
					this.missed++;
					this.notes.add("no " + state + " line (stderr: " + watch.stderr().trim() + ")");
					return null;
				}
				boolean announces = count(line);
				if (announces) {
					this.wrong++;
					this.notes.add("announced " + line.leaderId() + " while cut off from ZooKeeper");
				}
				else if (state.equals(line.state())) {
					return line;
				}
			}
		}

		/** Nothing may follow the last announcement but silence. */
		void checkNoFurtherAnnouncement(Watch watch) throws InterruptedException {
			for (Line line = watch.next(System.nanoTime()); line != null; line = watch.next(System.nanoTime())) {
				if (count(line)) {
					this.wrong++;
					this.notes.add("unexpected announcement of " + line.leaderId());
				}
			}
		}

		String result(Duration took) {
			return String.format(Locale.ROOT, "RESULT mesos.leader-watch: first leader %.0f ms after launch, "
					+ "%d failovers one at a time (%s; the actions themselves %s), " + "%d rapid chains of %d (%s, "
					+ "%d intermediate leaders announced), %d session expiries (suspended after %s, "
					+ "announced again %s after the link healed; one with a failover while cut off); "
					+ "announced %d, missed %d, duplicates %d, wrong %d, uncertain outside the expiries %d; "
					+ "took %d s%s", this.startupMicros / 1000.0, this.failovers, stats(this.latenciesMicros),
					stats(this.actionsMicros), RAPID_CHAINS, MASTERS - 1, stats(this.rapidLatenciesMicros),
					this.intermediate, this.recoveries.size(), stats(this.suspensions), stats(this.recoveries),
					this.announced, this.missed, this.duplicates, this.wrong, this.uncertainOutsideExpiries,
					took.toSeconds(), this.notes.isEmpty() ? "" : "; " + this.notes);
		}

		private static String stats(List<Long> micros) {
			if (micros.isEmpty()) {
				return "none";
			}
			List<Long> sorted = new ArrayList<>(micros);
			Collections.sort(sorted);
			return String.format(Locale.ROOT, "p50 %.1f ms, max %.1f ms", sorted.get((sorted.size() - 1) / 2) / 1000.0,
					sorted.get(sorted.size() - 1) / 1000.0);
		}

	}

}
