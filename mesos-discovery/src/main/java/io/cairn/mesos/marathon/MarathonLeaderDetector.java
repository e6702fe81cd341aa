package io.cairn.mesos.marathon;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.mesos.detector.LeaderDetector;
import io.cairn.mesos.zk.InvalidUrlException;
import io.cairn.mesos.zk.ZNode;
import io.cairn.mesos.zk.ZkClients;
import io.cairn.mesos.zk.ZkUrl;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and follows the leading Marathon instance through ZooKeeper, under the base path
 * of Marathon's own {@code --zk} URL (for example {@code zk://zk1:2181/marathon}).
 * <p>
 * Reads both layouts Marathon has used:
 * <ul>
 * <li>Marathon 1.4 and later: a Curator {@code LeaderLatch} under
 * {@code <base>/leader-curator}, children {@code _c_<uuid>-latch-<seq>} holding the
 * instance's {@code host:port}, ordered by the text after {@code latch-} (the random
 * {@code _c_} prefix makes a plain sort wrong);</li>
 * <li>Marathon 1.3 and earlier: {@code <base>/leader/member_<seq>} holding
 * {@code host:port}, lowest sequence first, skipping the tombstone
 * {@code member_-00000000} Marathon 1.4 leaves there for old readers.</li>
 * </ul>
 * When the latch has participants it decides; otherwise the old layout does.
 *
 * <pre>{@code
 * try (MarathonLeaderDetector marathon = MarathonLeaderDetector.create(ZkUrl.parse("zk://zk1:2181/marathon"))) {
 *     marathon.addListener((previous, current) -> current.knownLeader().ifPresentOrElse(
 *             (leader) -> useMarathon(leader.url()), () -> pauseUntilLeaderKnown()));
 *     marathon.start();
 * }
 * }</pre>
 *
 * @see LeaderDetector for the lifecycle, states and failure handling
 */
public final class MarathonLeaderDetector extends LeaderDetector<MarathonInstance> {

	private static final Logger logger = LoggerFactory.getLogger(MarathonLeaderDetector.class);

	/** The tombstone Marathon 1.4 writes in the old layout ("-" sorts before digits). */
	static final String TOMBSTONE = "member_-00000000";

	private static final String LATCH = "latch-";

	private static final String MEMBER = "member_";

	private final String latchPath;

	private final String legacyPath;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private MarathonLeaderDetector(CuratorFramework client, boolean ownsClient, String basePath) {
		super(client, ownsClient, List.of(basePath + "/leader-curator", basePath + "/leader"),
				"Marathon leader under " + basePath, Clock.systemUTC());
		this.latchPath = basePath + "/leader-curator";
		this.legacyPath = basePath + "/leader";
	}

	/**
	 * A detector with its own ZooKeeper client (default timeouts; digest credentials from
	 * the URL), closed with the detector.
	 * @param url Marathon's {@code --zk} URL
	 * @return the detector, not started
	 */
	public static MarathonLeaderDetector create(ZkUrl url) {
		return new MarathonLeaderDetector(ZkClients.newClient(url), true, url.path());
	}

	/**
	 * A detector with its own ZooKeeper client.
	 * @param url Marathon's {@code --zk} URL
	 * @param sessionTimeout the ZooKeeper session timeout
	 * @param connectionTimeout how long one attempt to connect may take
	 * @return the detector, not started
	 */
	public static MarathonLeaderDetector create(ZkUrl url, Duration sessionTimeout, Duration connectionTimeout) {
		return new MarathonLeaderDetector(ZkClients.newClient(url, sessionTimeout, connectionTimeout), true,
				url.path());
	}

	/**
	 * A detector on a shared client, which the caller starts and closes. The client must
	 * not have a namespace.
	 * @param client the client
	 * @param basePath the path of Marathon's {@code --zk} URL, such as {@code /marathon}
	 * @return the detector, not started
	 */
	public static MarathonLeaderDetector create(CuratorFramework client, String basePath) {
		return new MarathonLeaderDetector(client, false, basePath);
	}

	@Override
	protected boolean isCandidate(String path, String child) {
		if (path.equals(this.latchPath)) {
			return child.contains(LATCH);
		}
		return child.startsWith(MEMBER) && !TOMBSTONE.equals(child);
	}

	@Override
	protected List<MarathonInstance> members(Map<String, List<ZNode>> childrenByPath) {
		List<ZNode> latch = new ArrayList<>(childrenByPath.getOrDefault(this.latchPath, List.of()));
		Set<String> present = new java.util.HashSet<>();
		latch.forEach((node) -> present.add(node.name()));
		List<ZNode> legacy = new ArrayList<>(childrenByPath.getOrDefault(this.legacyPath, List.of()));
		legacy.forEach((node) -> present.add(node.name()));
		this.warned.retainAll(present);
		List<MarathonInstance> fromLatch = decode(latch, Comparator.comparing(MarathonLeaderDetector::latchSequence));
		if (!fromLatch.isEmpty()) {
			return fromLatch;
		}
		legacy.removeIf((node) -> legacySequence(node.name()) == null);
		return decode(legacy, Comparator.comparing(MarathonLeaderDetector::legacySequence));
	}

	private List<MarathonInstance> decode(List<ZNode> nodes, Comparator<String> order) {
		nodes.sort(Comparator.comparing(ZNode::name, order));
		Set<MarathonInstance> members = new LinkedHashSet<>();
		for (ZNode node : nodes) {
			try {
				members.add(MarathonInstance.parse(node.text()));
			}
			catch (InvalidUrlException ex) {
				if (this.warned.add(node.name())) {
					logger.warn("Skipping Marathon znode {}: {}", node.name(), ex.getMessage());
				}
			}
		}
		return new ArrayList<>(members);
	}

	/** Curator's own sort key for latch children: the text after the last "latch-". */
	static String latchSequence(String name) {
		return name.substring(name.lastIndexOf(LATCH) + LATCH.length());
	}

	static @Nullable Long legacySequence(String name) {
		try {
			return Long.parseLong(name.substring(MEMBER.length()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
