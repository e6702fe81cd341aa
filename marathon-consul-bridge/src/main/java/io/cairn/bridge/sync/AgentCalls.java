package io.cairn.bridge.sync;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.cairn.bridge.leader.NotLeaderException;

/**
 * Runs the agent calls of one phase of a full sync in parallel, on the sync's pool
 * ({@code sync.concurrency} at a time), and waits for them all. A failing call is noted
 * as an error of the run without stopping the others; a call that finds this replica no
 * longer leads stops the run.
 */
final class AgentCalls {

	private final ExecutorService pool;

	private final SyncTally tally;

	AgentCalls(ExecutorService pool, SyncTally tally) {
		this.pool = pool;
		this.tally = tally;
	}

	/**
	 * Run calls and wait for them all.
	 * @param work the calls
	 * @param what what they do, to name their errors
	 * @throws InterruptedException when interrupted while waiting
	 * @throws NotLeaderException when a call found this replica no longer leads
	 */
	void runAll(List<Callable<Void>> work, String what) throws InterruptedException {
		if (work.isEmpty()) {
			return;
		}
		List<Future<Void>> futures = this.pool.invokeAll(work);
		for (Future<Void> future : futures) {
			try {
				future.get();
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof NotLeaderException notLeader) {
					throw notLeader;
				}
				this.tally.error(what + ": " + causeOf(ex));
			}
		}
	}

	/**
	 * What made a call fail, as an error names it.
	 * @param ex the failure
	 * @return its cause's message
	 */
	static String causeOf(ExecutionException ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return String.valueOf(cause.getMessage());
	}

}
