package io.cairn.testkit.marathon;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Faults to inject into a running {@link MarathonSimulator} (shared by every instance of
 * a cluster). Each method returns this object; {@link #clear()} removes them all.
 */
public final class MarathonFaults {

	record Failure(String method, String pathPrefix, int status, int[] remaining) {
	}

	final List<String> hangs = new CopyOnWriteArrayList<>();

	final List<Failure> failures = new CopyOnWriteArrayList<>();

	volatile boolean emptyApps;

	volatile boolean appsWithoutTasks;

	final List<String> unlisted = new CopyOnWriteArrayList<>();

	volatile boolean loseEvents;

	volatile boolean refuseStreams;

	MarathonFaults() {
	}

	/**
	 * Requests whose path starts with the prefix get no answer until the fault is cleared
	 * (or the simulator stops).
	 * @param pathPrefix for example {@code /v2/apps}
	 * @return this
	 */
	public MarathonFaults hang(String pathPrefix) {
		this.hangs.add(pathPrefix);
		return this;
	}

	/**
	 * The next {@code times} requests (any method) under the prefix fail with the status.
	 * @param pathPrefix the path prefix
	 * @param status for example 503
	 * @param times how many requests fail
	 * @return this
	 */
	public MarathonFaults failNext(String pathPrefix, int status, int times) {
		return failNext("*", pathPrefix, status, times);
	}

	/**
	 * The next {@code times} requests with this method under the prefix fail.
	 * @param method the HTTP method, or {@code *}
	 * @param pathPrefix the path prefix
	 * @param status the status
	 * @param times how many requests fail
	 * @return this
	 */
	public MarathonFaults failNext(String method, String pathPrefix, int status, int times) {
		this.failures.add(new Failure(method, pathPrefix, status, new int[] { times }));
		return this;
	}

	/**
	 * {@code GET /v2/apps} and {@code GET /v2/tasks} answer an empty list while set, as a
	 * Marathon that lost or has not yet loaded its state might.
	 * @param empty whether to answer empty lists
	 * @return this
	 */
	public MarathonFaults emptyApps(boolean empty) {
		this.emptyApps = empty;
		return this;
	}

	/**
	 * {@code GET /v2/apps?embed=apps.tasks} lists every app without its tasks while set,
	 * as a proxy that drops the {@code embed} parameter, or a Marathon still loading its
	 * task state, might.
	 * @param withoutTasks whether to leave the tasks out
	 * @return this
	 */
	public MarathonFaults appsWithoutTasks(boolean withoutTasks) {
		this.appsWithoutTasks = withoutTasks;
		return this;
	}

	/**
	 * {@code GET /v2/apps} leaves these apps out of its list (a partial answer); each app
	 * can still be read on its own.
	 * @param appIds the apps to leave out
	 * @return this
	 */
	public MarathonFaults unlist(String... appIds) {
		for (String appId : appIds) {
			this.unlisted.add(AppDefinitions.normalizeId(appId));
		}
		return this;
	}

	/**
	 * While set, events change the state but reach no stream and no callback subscriber:
	 * lost events.
	 * @param lose whether to lose events
	 * @return this
	 */
	public MarathonFaults loseEvents(boolean lose) {
		this.loseEvents = lose;
		return this;
	}

	/**
	 * While set, {@code GET /v2/events} answers 503.
	 * @param refuse whether to refuse streams
	 * @return this
	 */
	public MarathonFaults refuseStreams(boolean refuse) {
		this.refuseStreams = refuse;
		return this;
	}

	/**
	 * Remove every fault.
	 * @return this
	 */
	public MarathonFaults clear() {
		this.hangs.clear();
		this.failures.clear();
		this.emptyApps = false;
		this.appsWithoutTasks = false;
		this.unlisted.clear();
		this.loseEvents = false;
		this.refuseStreams = false;
		return this;
	}

	boolean hangs(String path) {
		return this.hangs.stream().anyMatch(path::startsWith);
	}

	@Nullable Integer takeFailure(String method, String path) {
		for (Failure failure : this.failures) {
			if ((failure.method().equals("*") || failure.method().equalsIgnoreCase(method))
					&& path.startsWith(failure.pathPrefix())) {
				synchronized (failure) {
					if (failure.remaining()[0] > 0) {
						failure.remaining()[0]--;
						return failure.status();
					}
				}
			}
		}
		return null;
	}

}
