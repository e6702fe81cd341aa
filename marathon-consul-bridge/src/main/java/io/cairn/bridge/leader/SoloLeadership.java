package io.cairn.bridge.leader;

import org.jspecify.annotations.Nullable;

/**
 * No election ({@code cairn.bridge.leader.election=none}): this replica always acts. For
 * a single instance, or replicas that each own a distinct registration ID.
 */
public final class SoloLeadership implements Leadership {

	private final String id;

	private volatile boolean leader;

	private @Nullable Listener listener;

	/**
	 * Create it.
	 * @param id this replica's ID
	 */
	public SoloLeadership(String id) {
		this.id = id;
	}

	@Override
	public synchronized void start(Listener listener) {
		this.listener = listener;
		this.leader = true;
		listener.elected();
	}

	@Override
	public boolean isLeader() {
		return this.leader;
	}

	@Override
	public String mechanism() {
		return "none";
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public @Nullable String leaderId() {
		return this.leader ? this.id : null;
	}

	@Override
	public synchronized void close() {
		if (this.leader && this.listener != null) {
			this.leader = false;
			this.listener.revoked();
		}
	}

}
