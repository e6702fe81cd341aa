package io.cairn.registry.jsonrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.cairn.registry.domain.RegistrationOutcome;
import io.cairn.registry.service.Registry;
import io.cairn.registry.service.Registry.Heartbeat;
import io.cairn.registry.service.Registry.PingResult;

/**
 * The pings of one JSON-RPC request, gathered so that the registry writes them together
 * ({@link Registry#pingAll}: one transaction for their durable heartbeats, where one per
 * call used to be committed one after the other). A call that reads flushes the pings
 * before it first, so a batch still reads its own writes in order.
 */
final class PingBatch {

	private final Registry registry;

	private final List<Heartbeat> heartbeats = new ArrayList<>();

	private final List<PingResult> results = new ArrayList<>();

	PingBatch(Registry registry) {
		this.registry = registry;
	}

	/**
	 * Add a ping to the batch.
	 * @param heartbeat the validated heartbeat
	 * @return its outcome, written with the others of the batch when first asked for
	 */
	Supplier<RegistrationOutcome> add(Heartbeat heartbeat) {
		int position = this.heartbeats.size();
		this.heartbeats.add(heartbeat);
		return () -> {
			flush();
			return this.results.get(position).outcome();
		};
	}

	/**
	 * Write the pings added since the last flush, together.
	 */
	void flush() {
		if (this.results.size() < this.heartbeats.size()) {
			this.results
				.addAll(this.registry.pingAll(this.heartbeats.subList(this.results.size(), this.heartbeats.size())));
		}
	}

}
