package io.cairn.consul;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A client call made on a thread of its own, so that a test can interrupt it while it
 * waits and then see how it ended: what it threw, and whether the thread's interrupt flag
 * survived for its caller.
 */
final class InterruptedCall {

	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	private final AtomicReference<@Nullable Boolean> stillInterrupted = new AtomicReference<>();

	private final Thread thread;

	private InterruptedCall(Runnable call) {
		this.thread = new Thread(() -> {
			try {
				call.run();
			}
			catch (RuntimeException ex) {
				this.failure.set(ex);
			}
			this.stillInterrupted.set(Thread.currentThread().isInterrupted());
		}, "interrupted-call");
	}

	/** Start the call on its own thread. */
	static InterruptedCall start(Runnable call) {
		InterruptedCall started = new InterruptedCall(call);
		started.thread.start();
		return started;
	}

	/**
	 * Interrupt the call and wait until it ended.
	 * @return whether it ended within the time
	 */
	boolean interruptAndAwaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
		this.thread.interrupt();
		this.thread.join(unit.toMillis(timeout));
		return !this.thread.isAlive();
	}

	/** What the call threw, {@code null} when it returned. */
	@Nullable Throwable failure() {
		return this.failure.get();
	}

	/** Whether the interrupt flag was still set when the call had ended. */
	@Nullable Boolean stillInterrupted() {
		return this.stillInterrupted.get();
	}

}
