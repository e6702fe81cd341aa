package io.cairn.registry.client;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One registered instance, renewed by its {@link RegistryClient} until it is closed.
 * <p>
 * Every renewal sends the whole registration (it is idempotent, and the registry
 * acknowledges an unchanged one from memory). So when the registry has forgotten the
 * instance (it restarted with an empty database, or the instance expired during a
 * partition) the renewal's answer says {@code REGISTERED} or {@code REVIVED} instead of
 * {@code RENEWED}, and that same renewal has registered it again, metadata included.
 * Renewal and deregistration never overlap: a renewal in flight when {@link #close()} is
 * called finishes first, so it cannot register the instance again after its
 * deregistration.
 */
public final class Registration implements Closeable {

	private static final Log logger = LogFactory.getLog(Registration.class);

	private final RegistryClient client;

	private final NewInstance instance;

	private final byte[] body;

	private final ScheduledExecutorService scheduler;

	private final ExponentialBackOff backOff;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile RegistrationState state = RegistrationState.PENDING;

	private volatile @Nullable RegistryException lastError;

	private volatile @Nullable Instant lastAcknowledged;

	private volatile long reregistrations;

	private @Nullable ScheduledFuture<?> next;

	private @Nullable BackOffExecution retry;

	Registration(RegistryClient client, NewInstance instance, byte[] body, ScheduledExecutorService scheduler,
			ExponentialBackOff backOff) {
		this.client = client;
		this.instance = instance;
		this.body = body;
		this.scheduler = scheduler;
		this.backOff = backOff;
	}

	/**
	 * The registered instance.
	 * @return the instance
	 */
	public NewInstance instance() {
		return this.instance;
	}

	/**
	 * Where this registration is.
	 * @return the state
	 */
	public RegistrationState state() {
		return this.state;
	}

	/**
	 * What this registration looks like now, for health and logs.
	 * @return a snapshot
	 */
	public RegistrationStatus status() {
		RegistryException error = this.lastError;
		return new RegistrationStatus(this.instance, this.state, this.lastAcknowledged,
				(error != null) ? error.getMessage() : null, this.reregistrations);
	}

	/**
	 * Renew now instead of at the next scheduled time, on the client's renewal thread.
	 */
	public void renewNow() {
		reschedule(Duration.ZERO);
	}

	/**
	 * Renew now on the calling thread (the next scheduled renewal moves accordingly).
	 * @return the state after the renewal
	 */
	public RegistrationState renew() {
		this.lock.lock();
		try {
			if (this.state != RegistrationState.DEREGISTERED) {
				send(false);
			}
			return this.state;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop renewing and deregister the instance (callers' caches drop it within
	 * milliseconds). Does nothing the second time. A registry that cannot be reached is
	 * logged, not thrown: the instance then expires after the registry's TTL.
	 */
	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.state == RegistrationState.DEREGISTERED) {
				return;
			}
			RegistrationState before = this.state;
			this.state = RegistrationState.DEREGISTERED;
			cancel();
			if (before != RegistrationState.REFUSED) {
				this.client.deregister(this.instance);
			}
		}
		finally {
			this.lock.unlock();
			this.client.forget(this);
		}
	}

	/**
	 * The first registration, on the caller's thread.
	 * @throws RegistryAuthorizationException when the registry refuses the token
	 * @throws RegistryRejectedException when it refuses the instance
	 */
	void registerFirst() {
		this.lock.lock();
		try {
			send(true);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A scheduled renewal. */
	private void renewScheduled() {
		this.lock.lock();
		try {
			if (this.state != RegistrationState.DEREGISTERED) {
				send(false);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Renewing " + this.instance.describe() + " failed unexpectedly", ex);
			reschedule(this.client.renewalInterval());
		}
		finally {
			this.lock.unlock();
		}
	}

	private void send(boolean first) {
		try {
			RegistryApi.Outcome outcome = this.client.sendRegistration(this.body, first);
			acknowledged(outcome, first);
		}
		catch (RegistryRateLimitedException ex) {
			failed(ex);
			reschedule(ex.retryAfter());
		}
		catch (RegistryAuthorizationException | RegistryRejectedException ex) {
			boolean wasRefused = this.state == RegistrationState.REFUSED;
			this.state = RegistrationState.REFUSED;
			this.lastError = ex;
			reschedule(this.client.renewalInterval());
			if (first) {
				throw ex;
			}
			if (!wasRefused) {
				logger.error("The registry refuses " + this.instance.describe() + ": " + ex.getMessage()
						+ "; trying again every " + this.client.renewalInterval().toSeconds() + " s");
			}
		}
		catch (RegistryException ex) {
			failed(ex);
			if (this.retry == null) {
				this.retry = this.backOff.start();
			}
			long delay = Math.min(this.retry.nextBackOff(), this.client.renewalInterval().toMillis());
			reschedule(Duration.ofMillis(delay));
		}
	}

	private void acknowledged(RegistryApi.Outcome outcome, boolean first) {
		boolean forgotten = !first && this.state != RegistrationState.PENDING
				&& (outcome == RegistryApi.Outcome.REGISTERED || outcome == RegistryApi.Outcome.REVIVED
						|| outcome == RegistryApi.Outcome.MOVED);
		if (forgotten) {
			this.reregistrations++;
			logger.info("The registry had forgotten " + this.instance.describe() + " (" + outcome
					+ "); this renewal registered it again");
			this.client.reregistered(this.instance);
		}
		else if (this.state != RegistrationState.REGISTERED) {
			logger.info("Registered " + this.instance.describe() + " with " + this.client.currentUrl());
		}
		this.state = RegistrationState.REGISTERED;
		this.lastError = null;
		this.lastAcknowledged = Instant.now();
		this.retry = null;
		reschedule(this.client.renewalInterval());
	}

	private void failed(RegistryException ex) {
		if (this.lastError == null) {
			logger.warn("Cannot renew " + this.instance.describe() + " (" + ex.getMessage() + "); retrying");
		}
		this.lastError = ex;
	}

	private void reschedule(Duration delay) {
		this.lock.lock();
		try {
			if (this.state == RegistrationState.DEREGISTERED) {
				return;
			}
			cancel();
			try {
				this.next = this.scheduler.schedule(this::renewScheduled, delay.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// The client is closing.
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void cancel() {
		ScheduledFuture<?> scheduled = this.next;
		if (scheduled != null) {
			scheduled.cancel(false);
			this.next = null;
		}
	}

	@Override
	public String toString() {
		return "Registration of " + this.instance.describe() + " (" + this.state + ")";
	}

}
