package io.cairn.bridge;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.settings.BridgeSetup;
import io.cairn.bridge.event.EventDispatcher;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.event.CallbackSubscriber;
import io.cairn.bridge.event.EventStreamReader;
import io.cairn.bridge.marathon.MarathonLocator;
import io.cairn.bridge.sync.AgentWatch;
import io.cairn.bridge.sync.SyncScheduler;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the bridge: joins the leader election, and while this replica leads follows the
 * event stream (each connection brings a full sync), keeps the callback subscription, and
 * runs periodic syncs; when it stops leading it stops all of that at once. Without
 * Marathon or Consul configured it idles and says what is missing.
 */
public class Bridge implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Bridge.class);

	private final BridgeSetup setup;

	private final Leadership leadership;

	private final EventStreamReader reader;

	private final @Nullable CallbackSubscriber subscriber;

	private final SyncScheduler scheduler;

	private final EventDispatcher dispatcher;

	private final AgentWatch agentWatch;

	private final MarathonLocator locator;

	private final BridgeProperties properties;

	private volatile Role role = Role.STOPPED;

	private volatile boolean running;

	/**
	 * Create the bridge.
	 * @param setup what is configured
	 * @param leadership the election
	 * @param reader the event stream reader
	 * @param subscriber the callback subscriber, if subscribing is on
	 * @param scheduler the sync scheduler
	 * @param dispatcher the event dispatcher
	 * @param agentWatch notices agents that lost the bridge's services
	 * @param locator finds Marathon
	 * @param properties the bridge properties
	 */
	public Bridge(BridgeSetup setup, Leadership leadership, EventStreamReader reader,
			@Nullable CallbackSubscriber subscriber, SyncScheduler scheduler, EventDispatcher dispatcher,
			AgentWatch agentWatch, MarathonLocator locator, BridgeProperties properties) {
		this.setup = setup;
		this.leadership = leadership;
		this.reader = reader;
		this.subscriber = subscriber;
		this.scheduler = scheduler;
		this.dispatcher = dispatcher;
		this.agentWatch = agentWatch;
		this.locator = locator;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = true;
		if (!this.setup.configured()) {
			this.role = Role.IDLE;
			logger.warn("marathon-consul-bridge is idle: " + String.join("; ", this.setup.missing()));
			return;
		}
		this.role = Role.FOLLOWER;
		this.locator.onLeaderChange(this.reader::reconnect);
		this.leadership.start(new Leadership.Listener() {

			@Override
			public void elected() {
				lead();
			}

			@Override
			public void revoked() {
				follow();
			}

		});
	}

	private synchronized void lead() {
		this.role = Role.LEADER;
		if (this.properties.events().stream()) {
			// Every connection requests a full sync.
			this.reader.start();
		}
		else {
			this.scheduler.request("elected", false);
		}
		if (this.subscriber != null) {
			this.subscriber.start();
		}
		this.scheduler.startPeriodic();
		this.agentWatch.start();
	}

	private synchronized void follow() {
		if (this.role == Role.LEADER) {
			this.role = Role.FOLLOWER;
		}
		this.scheduler.stopPeriodic();
		this.agentWatch.stop();
		this.scheduler.interruptRunning();
		this.reader.stop();
		if (this.subscriber != null) {
			this.subscriber.stop();
		}
		this.dispatcher.clear();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.role != Role.IDLE) {
			this.leadership.close();
			follow();
		}
		this.role = Role.STOPPED;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * What this replica does now.
	 * @return the role
	 */
	public Role role() {
		return this.role;
	}

	/**
	 * Whether this replica acts on events now.
	 * @return true while leading
	 */
	public boolean acting() {
		return this.role == Role.LEADER && this.leadership.isLeader();
	}

	/**
	 * What the bridge does.
	 */
	public enum Role {

		/** Not configured: waiting for Marathon and Consul settings. */
		IDLE,

		/** Another replica leads (or none yet): reading nothing, writing nothing. */
		FOLLOWER,

		/** Reading events and writing to Consul. */
		LEADER,

		/** Not started, or stopped. */
		STOPPED

	}

}
