package io.cairn.mesos.scheduler;

import java.net.http.HttpClient;
import java.time.Duration;

import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosHttp;
import org.jspecify.annotations.Nullable;

/**
 * A client of the Mesos scheduler API ({@code POST /api/v1/scheduler}) for framework
 * authors, following the leading master like the operator client.
 *
 * <pre>{@code
 * MesosSchedulerClient mesos = MesosSchedulerClient.create(MasterResolver.following(detector, HostField.IP, "http"));
 * try (SchedulerSession session = mesos.subscribe(FrameworkInfo.of("root", "my-framework", "*"), null, (event) -> {
 *     if (event.type().equals("OFFERS")) { ... session.decline(offerIds, 5.0); }
 * })) { ... }
 * }</pre>
 */
public final class MesosSchedulerClient {

	/** The API path. */
	public static final String PATH = "/api/v1/scheduler";

	private final MesosHttp http;

	private final Duration defaultHeartbeat;

	/**
	 * A client on given plumbing.
	 * @param http the plumbing (resolver, auth, TLS, timeouts)
	 * @param defaultHeartbeat the heartbeat interval assumed until the master announces
	 * one
	 */
	public MesosSchedulerClient(MesosHttp http, Duration defaultHeartbeat) {
		this.http = http;
		this.defaultHeartbeat = defaultHeartbeat;
	}

	/**
	 * A client with defaults: no auth, 30 s request timeout and retry budget, 15 s
	 * heartbeat until the master announces one.
	 * @param resolver where the leading master is
	 * @return the client
	 */
	public static MesosSchedulerClient create(MasterResolver resolver) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		return new MesosSchedulerClient(
				new MesosHttp(http, resolver, null, null, Duration.ofSeconds(30), Duration.ofSeconds(30)),
				Duration.ofSeconds(15));
	}

	/**
	 * Subscribes a framework and keeps it subscribed (to the leader of the moment) until
	 * the session is closed. The first SUBSCRIBE is sent with {@code force} set (a newly
	 * elected scheduler takes over), later ones without, as the scheduler API document
	 * advises.
	 * @param framework the framework's info
	 * @param frameworkId the id of a framework subscribing again after a restart, or
	 * {@code null} for a new one
	 * @param listener receives the events
	 * @return the session
	 */
	public SchedulerSession subscribe(FrameworkInfo framework, @Nullable String frameworkId,
			SchedulerEventListener listener) {
		SchedulerSession session = new SchedulerSession(this.http, framework, frameworkId, listener,
				this.defaultHeartbeat);
		session.start();
		return session;
	}

}
