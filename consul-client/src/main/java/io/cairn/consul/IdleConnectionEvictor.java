package io.cairn.consul;

import java.lang.ref.WeakReference;

/**
 * Closes a socket transport's expired idle connections, run by the watchdog thread about
 * once a second. It holds the transport weakly, so a client dropped without being closed
 * can still be collected (the chore then stops itself).
 */
final class IdleConnectionEvictor implements Runnable {

	private final WeakReference<SocketExchanges> exchanges;

	IdleConnectionEvictor(SocketExchanges exchanges) {
		this.exchanges = new WeakReference<>(exchanges);
	}

	@Override
	public void run() {
		SocketExchanges exchanges = this.exchanges.get();
		if (exchanges == null) {
			Watchdog.stopChore(this);
			return;
		}
		exchanges.evictIdle();
	}

}
