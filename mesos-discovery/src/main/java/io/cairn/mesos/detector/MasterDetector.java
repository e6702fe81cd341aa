package io.cairn.mesos.detector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cairn.mesos.master.HostField;
import io.cairn.mesos.master.Master;
import io.cairn.mesos.master.MasterZnodes;
import io.cairn.mesos.zk.ZNode;
import io.cairn.mesos.zk.ZkClients;
import io.cairn.mesos.zk.ZkUrl;
import org.apache.curator.framework.CuratorFramework;

/**
 * Finds and follows the leading Mesos master through the masters' ZooKeeper group (the
 * path of their {@code --zk} URL), reading all three znode generations.
 *
 * <pre>{@code
 * try (MasterDetector detector = MasterDetector.create(ZkUrl.parse("zk://zk1:2181,zk2:2181/mesos"))) {
 *     detector.start();
 *     Master leader = detector.awaitLeader(Duration.ofSeconds(10)).orElseThrow();
 *     URI url = leader.url(HostField.IP);
 * }
 * }</pre>
 *
 * @see LeaderDetector for the lifecycle, states and failure handling
 */
public final class MasterDetector extends LeaderDetector<Master> {

	private final MasterZnodes znodes = new MasterZnodes();

	private final String path;

	private MasterDetector(CuratorFramework client, boolean ownsClient, String path, String description) {
		super(client, ownsClient, List.of(path), description, Clock.systemUTC());
		this.path = path;
	}

	/**
	 * A detector with its own ZooKeeper client (default timeouts; digest credentials from
	 * the URL), closed with the detector.
	 * @param url the masters' {@code --zk} URL
	 * @return the detector, not started
	 */
	public static MasterDetector create(ZkUrl url) {
		return new MasterDetector(ZkClients.newClient(url), true, url.path(), "Mesos masters at " + url);
	}

	/**
	 * A detector with its own ZooKeeper client.
	 * @param url the masters' {@code --zk} URL
	 * @param sessionTimeout the ZooKeeper session timeout
	 * @param connectionTimeout how long one attempt to connect may take
	 * @return the detector, not started
	 */
	public static MasterDetector create(ZkUrl url, Duration sessionTimeout, Duration connectionTimeout) {
		return new MasterDetector(ZkClients.newClient(url, sessionTimeout, connectionTimeout), true, url.path(),
				"Mesos masters at " + url);
	}

	/**
	 * A detector on a shared client, which the caller starts and closes. The client must
	 * not have a namespace.
	 * @param client the client
	 * @param path the masters' group path (the path of their {@code --zk} URL)
	 * @return the detector, not started
	 */
	public static MasterDetector create(CuratorFramework client, String path) {
		return new MasterDetector(client, false, path, "Mesos masters at " + path);
	}

	/**
	 * The leading master's URL, if the leader is known.
	 * @param field which host field to build it from
	 * @return {@code http://host:port}
	 */
	public Optional<URI> leaderUrl(HostField field) {
		return leader().map((master) -> master.url(field));
	}

	/**
	 * All masters' URLs in election order, the leader first, built from one host field.
	 * @param field which host field to build them from
	 * @return the URLs; empty unless the leader is known
	 */
	public List<URI> urls(HostField field) {
		List<URI> urls = new ArrayList<>();
		for (Master master : members()) {
			urls.add(master.url(field));
		}
		return urls;
	}

	@Override
	protected boolean isCandidate(String path, String child) {
		return MasterZnodes.isMember(child);
	}

	@Override
	protected List<Master> members(Map<String, List<ZNode>> childrenByPath) {
		List<ZNode> children = childrenByPath.getOrDefault(this.path, List.of());
		this.znodes.retain(children.stream().map(ZNode::name).collect(java.util.stream.Collectors.toSet()));
		return this.znodes.masters(children);
	}

}
