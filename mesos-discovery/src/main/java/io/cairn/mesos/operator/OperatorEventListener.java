package io.cairn.mesos.operator;

import java.net.URI;

/**
 * Receives the operator event stream. After a disconnection a new subscription follows
 * and starts again with {@code SUBSCRIBED} and the whole state, so a listener can rebuild
 * its view from it.
 */
public interface OperatorEventListener {

	/**
	 * An event arrived (heartbeats included).
	 * @param event the event
	 */
	void onEvent(OperatorEvent event);

	/**
	 * A subscription was accepted by a master.
	 * @param master the master streaming
	 */
	default void onConnected(URI master) {
	}

	/**
	 * The stream ended (master failover, network, silence past five heartbeats); the
	 * client subscribes again.
	 * @param cause why
	 */
	default void onDisconnected(Throwable cause) {
	}

}
