package io.cairn.bridge.api;

import java.net.URI;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.cairn.bridge.Bridge;
import io.cairn.bridge.event.CallbackSubscriptions;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.settings.BridgeSetup;
import io.cairn.bridge.consul.AgentClients;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.event.EventDispatcher;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.event.CallbackSubscriber;
import io.cairn.bridge.event.EventStreamReader;
import io.cairn.bridge.marathon.MarathonLocator;
import io.cairn.bridge.status.Activity;
import io.cairn.bridge.sync.KnownApps;
import io.cairn.bridge.sync.SyncScheduler;
import io.cairn.support.security.Redaction;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/status}: what the bridge is doing; the console polls it. Reads are open,
 * so nothing secret is in it: URLs are shown with their passwords and tokens masked
 * ({@code ***}), and the recent events and errors are masked when they are recorded.
 */
@RestController
@Tag(name = "status", description = "The bridge's state")
public class StatusController {

	private final Bridge bridge;

	private final BridgeSetup setup;

	private final BridgeProperties properties;

	private final MarathonLocator locator;

	private final EventStreamReader reader;

	private final CallbackSubscriptions subscriptions;

	private final AgentClients agents;

	private final Leadership leadership;

	private final SyncScheduler scheduler;

	private final KnownApps knownApps;

	private final RegistrationIndex index;

	private final EventDispatcher dispatcher;

	private final Activity activity;

	StatusController(Bridge bridge, BridgeSetup setup, BridgeProperties properties, MarathonLocator locator,
			EventStreamReader reader, CallbackSubscriptions subscriptions, AgentClients agents, Leadership leadership,
			SyncScheduler scheduler, KnownApps knownApps, RegistrationIndex index, EventDispatcher dispatcher,
			Activity activity) {
		this.bridge = bridge;
		this.setup = setup;
		this.properties = properties;
		this.locator = locator;
		this.reader = reader;
		this.subscriptions = subscriptions;
		this.agents = agents;
		this.leadership = leadership;
		this.scheduler = scheduler;
		this.knownApps = knownApps;
		this.index = index;
		this.dispatcher = dispatcher;
		this.activity = activity;
	}

	/**
	 * The bridge's state.
	 * @return the state
	 */
	@GetMapping("/v1/status")
	@Operation(summary = "The bridge's state",
			description = "Role (idle, follower, leader), Marathon and Consul connections, the last sync, counts, "
					+ "recent events and errors.")
	public StatusView status() {
		EventStreamReader.State stream = this.reader.state();
		CallbackSubscriber subscriber = this.subscriptions.subscriber();
		URI instance = this.locator.current();
		StatusView.MarathonView marathon = new StatusView.MarathonView(this.setup.marathonConfigured(),
				String.valueOf(Redaction.text(this.locator.describe())),
				(instance != null) ? Redaction.url(instance.toString()) : null, lower(stream.status()), stream.since(),
				(stream.source() != null) ? Redaction.url(stream.source().toString()) : null, stream.lastEventAt(),
				stream.connections(), Redaction.text(stream.lastError()), this.properties.events().callback().active(),
				(subscriber != null) ? subscriber.callbackUrl() : null, subscriber != null && subscriber.subscribed());
		BridgeProperties.Consul consulSettings = this.properties.consul();
		StatusView.ConsulView consul = new StatusView.ConsulView(this.setup.consulConfigured(),
				String.valueOf(Redaction.url(this.agents.centralAddress())),
				lower(consulSettings.registerOn()).replace('_', '-'), consulSettings.fallback(),
				this.properties.kv().enabled() ? this.properties.kv().prefix() + "/" : null);
		boolean idle = this.bridge.role() == Bridge.Role.IDLE;
		StatusView.LeadershipView leadershipView = new StatusView.LeadershipView(this.leadership.mechanism(),
				this.leadership.id(), idle ? null : this.leadership.leaderId(), this.leadership.isLeader());
		StatusView.SyncView sync = new StatusView.SyncView(this.scheduler.running(),
				this.properties.sync().interval().toSeconds(), this.properties.sync().purge(), this.scheduler.last());
		StatusView.Counts counts = new StatusView.Counts(this.knownApps.apps(), this.knownApps.tasks(),
				this.index.size(), this.dispatcher.pending());
		return new StatusView(lower(this.bridge.role()), this.setup.missing(), this.properties.registrationId(),
				this.properties.mapping().mode().label(), marathon, consul, leadershipView, sync, counts,
				this.knownApps.clashes(), this.activity.recentEvents(), this.activity.recentErrors());
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
