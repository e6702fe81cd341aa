package io.cairn.bridge.sync;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the changes of apps that share a name. Events of different apps are applied
 * in parallel, but apps that map to one service name or one KV folder decide together who
 * owns it: without this, one app's handler could register its tasks just after another
 * app, whose ID sorts first, had removed them as left out, and the name would serve two
 * apps until the next full sync. A fixed set of stripes bounds the memory whatever the
 * number of names; unrelated names that share a stripe only wait for each other. Stripes
 * are always taken in ascending order, so two holders never deadlock.
 */
final class NameLocks {

	private final ReentrantLock[] stripes;

	/**
	 * Create the locks.
	 * @param count the number of stripes
	 */
	NameLocks(int count) {
		this.stripes = new ReentrantLock[count];
		for (int i = 0; i < count; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	/**
	 * Lock every given name until the returned hold is closed.
	 * @param names the names (duplicates and names sharing a stripe are taken once)
	 * @return the hold, to close in a try-with-resources
	 */
	Hold lock(Collection<String> names) {
		int[] indexes = names.stream().mapToInt(this::stripeOf).sorted().distinct().toArray();
		int taken = 0;
		try {
			for (int index : indexes) {
				this.stripes[index].lock();
				taken++;
			}
		}
		catch (RuntimeException | Error ex) {
			release(indexes, taken);
			throw ex;
		}
		return () -> release(indexes, indexes.length);
	}

	private void release(int[] indexes, int taken) {
		for (int i = taken - 1; i >= 0; i--) {
			this.stripes[indexes[i]].unlock();
		}
	}

	/**
	 * Whether a thread waits for the lock of a name (for tests).
	 * @param name the name
	 * @return true when one does
	 */
	boolean queued(String name) {
		return this.stripes[stripeOf(name)].hasQueuedThreads();
	}

	private int stripeOf(String name) {
		return Math.floorMod(name.hashCode(), this.stripes.length);
	}

	/**
	 * Locks held, released on close.
	 */
	interface Hold extends AutoCloseable {

		@Override
		void close();

	}

}
