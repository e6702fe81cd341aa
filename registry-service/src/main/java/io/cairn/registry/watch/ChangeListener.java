package io.cairn.registry.watch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.cairn.registry.store.ChangeIndex;

/**
 * Hears every replica's changes: {@code LISTEN}s on {@link ChangeIndex#CHANNEL} on a
 * connection of its own and advances the {@link WatchHub}. It also reads the index once a
 * second, so that a lost notification (or a reconnection) delays a watcher by at most a
 * second.
 */
@Component
public class ChangeListener implements SmartLifecycle {

	/** Waits between reconnections: from 250 ms, doubling, at most 10 s. */
	private static final ExponentialBackOff RECONNECT_BACKOFF = new ExponentialBackOff(250, 2.0);

	static {
		RECONNECT_BACKOFF.setMaxInterval(10_000);
	}

	private static final Log logger = LogFactory.getLog(ChangeListener.class);

	private static final int POLL_MILLIS = 1000;

	private final DataSource dataSource;

	private final WatchHub hub;

	private volatile boolean running;

	private volatile boolean connected;

	private @Nullable Thread thread;

	ChangeListener(DataSource dataSource, WatchHub hub) {
		this.dataSource = dataSource;
		this.hub = hub;
	}

	@Override
	public void start() {
		this.running = true;
		// A thread of its own, not a task on an executor from Boot's builders: the loop
		// holds it from start() to stop(), mostly blocked reading the LISTEN connection,
		// so a pool's queue and reuse would never serve; and stop() interrupts it (to cut
		// a back-off short) and then joins it, which a cancelled Future does not allow.
		this.thread = new Thread(this::listen, "registry-change-listener");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(POLL_MILLIS * 3L);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Whether the listening connection is up.
	 * @return true while connected
	 */
	public boolean isConnected() {
		return this.connected;
	}

	private void listen() {
		BackOffExecution backoff = RECONNECT_BACKOFF.start();
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				PGConnection postgres = connection.unwrap(PGConnection.class);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + ChangeIndex.CHANNEL);
				}
				this.connected = true;
				backoff = RECONNECT_BACKOFF.start();
				this.hub.advance(readIndex(connection));
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
					long index = 0;
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							index = Math.max(index, parse(notification.getParameter()));
						}
					}
					this.hub.advance((index > 0) ? index : readIndex(connection));
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					if (this.connected) {
						logger.warn("Lost the change listener's database connection: " + ex.getMessage());
					}
					this.connected = false;
					sleep(Duration.ofMillis(backoff.nextBackOff()));
				}
			}
		}
		this.connected = false;
	}

	private static long readIndex(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				var rs = statement.executeQuery("SELECT change_index FROM registry_state WHERE id = 1")) {
			return rs.next() ? rs.getLong(1) : 0;
		}
	}

	private static long parse(String parameter) {
		try {
			return Long.parseLong(parameter);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
