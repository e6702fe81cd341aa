package io.cairn.mesos.scheduler;

import java.net.URI;

/**
 * Receives a framework's event stream.
 */
public interface SchedulerEventListener {

	/**
	 * An event arrived (heartbeats included).
	 * @param event the event
	 */
	void onEvent(SchedulerEvent event);

	/**
	 * The master confirmed the subscription; calls may be sent from now on.
	 * @param frameworkId the framework's id (keep it to subscribe again after a restart)
	 * @param master the master streaming
	 */
	default void onSubscribed(String frameworkId, URI master) {
	}

	/**
	 * The stream ended; the session subscribes again (with the framework id, force off).
	 * @param cause why
	 */
	default void onDisconnected(Throwable cause) {
	}

}
