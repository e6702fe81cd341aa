package io.cairn.bridge.event;

/**
 * Applies one event to Consul.
 */
@FunctionalInterface
public interface EventHandler {

	/**
	 * Apply an event.
	 * @param event the event
	 * @param receivedNanos when it arrived ({@link System#nanoTime()}), for latency
	 * meters
	 */
	void handle(MarathonEvent event, long receivedNanos);

}
