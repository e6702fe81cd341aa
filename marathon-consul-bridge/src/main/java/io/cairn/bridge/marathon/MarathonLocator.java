package io.cairn.bridge.marathon;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.cairn.mesos.marathon.MarathonHttpLeaderLookup;
import io.cairn.mesos.marathon.MarathonInstance;
import io.cairn.mesos.marathon.MarathonLeaderDetector;

/**
 * Finds the Marathon instance to talk to: the leader named by ZooKeeper
 * ({@code cairn.mesos.marathon.zk}), the leader named by {@code GET /v2/leader} of the
 * configured URLs, or (with {@code follow-leader} off) the configured URLs themselves in
 * turn. The answer is kept until a call fails or the leader changes.
 */
public final class MarathonLocator {

	private final List<URI> urls;

	private final boolean followLeader;

	private final String scheme;

	private final @Nullable MarathonLeaderDetector detector;

	private final @Nullable MarathonHttpLeaderLookup lookup;

	private final AtomicInteger rotation = new AtomicInteger();

	private final List<Runnable> leaderChangeListeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable URI current;

	/**
	 * Create a locator.
	 * @param urls the configured Marathon URLs
	 * @param followLeader whether to talk to the leader rather than the URLs
	 * @param scheme the scheme of leader URLs found through ZooKeeper
	 * @param detector the ZooKeeper leader detector, if configured
	 * @param lookup the HTTP leader lookup over the URLs, if any
	 */
	public MarathonLocator(List<URI> urls, boolean followLeader, String scheme,
			@Nullable MarathonLeaderDetector detector, @Nullable MarathonHttpLeaderLookup lookup) {
		this.urls = List.copyOf(urls);
		this.followLeader = followLeader;
		this.scheme = scheme;
		this.detector = detector;
		this.lookup = lookup;
		if (detector != null) {
			detector.addListener((previous, next) -> {
				if (next.leaderDiffersFrom(previous)) {
					this.current = null;
					this.leaderChangeListeners.forEach(Runnable::run);
				}
			});
		}
	}

	/**
	 * Whether Marathon is configured at all.
	 * @return true with URLs or a ZooKeeper detector
	 */
	public boolean configured() {
		return this.detector != null || !this.urls.isEmpty();
	}

	/**
	 * Be told when ZooKeeper names another leader.
	 * @param listener the listener
	 */
	public void onLeaderChange(Runnable listener) {
		this.leaderChangeListeners.add(listener);
	}

	/**
	 * The base URL to talk to.
	 * @return the URL, such as {@code http://marathon-1:8080}
	 * @throws MarathonException when no Marathon is known or none answers
	 */
	public URI base() {
		URI known = this.current;
		if (known != null) {
			return known;
		}
		URI found = find();
		this.current = found;
		return found;
	}

	/**
	 * Forget the current instance after a failure.
	 * @param failed the instance that failed
	 */
	public void invalidate(URI failed) {
		if (failed.equals(this.current)) {
			this.current = null;
			this.rotation.incrementAndGet();
		}
	}

	/**
	 * How Marathon is found, for the status page.
	 * @return a description
	 */
	public String describe() {
		if (this.detector != null) {
			return "leader through ZooKeeper (" + this.detector.description() + ")";
		}
		if (this.urls.isEmpty()) {
			return "not configured";
		}
		return (this.followLeader ? "leader named by " : "") + this.urls;
	}

	/**
	 * The URL in use, if one was found.
	 * @return the URL, or {@code null}
	 */
	public @Nullable URI current() {
		return this.current;
	}

	private URI find() {
		if (this.detector != null) {
			Optional<MarathonInstance> leader = this.detector.leader();
			return leader.map((instance) -> instance.url(this.scheme))
				.orElseThrow(() -> new MarathonException(
						"ZooKeeper names no Marathon leader (" + this.detector.state() + ")", 0));
		}
		if (this.urls.isEmpty()) {
			throw new MarathonException(
					"Marathon is not configured: set cairn.bridge.marathon.urls " + "or cairn.mesos.marathon.zk", 0);
		}
		if (!this.followLeader || this.lookup == null) {
			return this.urls.get(Math.floorMod(this.rotation.get(), this.urls.size()));
		}
		try {
			Optional<MarathonInstance> leader = this.lookup.leader();
			String leaderScheme = this.urls.get(0).getScheme();
			return leader.map((instance) -> instance.url(leaderScheme))
				.orElseThrow(() -> new MarathonException("Marathon has no leader (GET /v2/leader answered 404)", 404));
		}
		catch (MarathonHttpLeaderLookup.MarathonUnavailableException ex) {
			throw new MarathonException(String.valueOf(ex.getMessage()), 0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MarathonException("Interrupted while looking for Marathon's leader", ex);
		}
	}

}
