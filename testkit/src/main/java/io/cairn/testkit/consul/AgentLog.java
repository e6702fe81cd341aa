package io.cairn.testkit.consul;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The agent's log: a line per request, streamed to every {@code /v1/agent/monitor} client
 * while it is connected. It has its own lock, not the {@link RaftLog}'s, since a monitor
 * streams for as long as its client stays.
 */
final class AgentLog {

	private final List<Consumer<String>> monitors = new ArrayList<>();

	void write(String line) {
		synchronized (this.monitors) {
			for (Consumer<String> monitor : this.monitors) {
				monitor.accept(line);
			}
		}
	}

	/**
	 * {@code /v1/agent/monitor}: the log's lines from now on, until the client goes or
	 * the agent stops.
	 */
	ApiResponse monitor(BooleanSupplier stopped) {
		return ApiResponse.stream((exchange) -> {
			LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
			Consumer<String> sink = lines::add;
			// Attached before the answer's head is sent: a client that has it sees every
			// request made afterwards.
			attach(sink);
			try {
				exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
				// Length 0: chunked, each flush a chunk.
				exchange.sendResponseHeaders(200, 0);
				OutputStream out = exchange.getResponseBody();
				out.write("[INFO] agent: monitor attached (simulated)\n".getBytes(StandardCharsets.UTF_8));
				out.flush();
				while (!stopped.getAsBoolean()) {
					String line = lines.poll(50, TimeUnit.MILLISECONDS);
					if (line != null) {
						out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
						out.flush();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				detach(sink);
			}
		});
	}

	private void attach(Consumer<String> monitor) {
		synchronized (this.monitors) {
			this.monitors.add(monitor);
		}
	}

	private void detach(Consumer<String> monitor) {
		synchronized (this.monitors) {
			this.monitors.remove(monitor);
		}
	}

}
