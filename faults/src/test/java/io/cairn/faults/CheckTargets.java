package io.cairn.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The status endpoints the aggregator polls: a few local HTTP servers (the JDK's), each
 * serving some of the checks at {@code /<check id>}, answering the status the scenario
 * set for that check and recording the time of every poll.
 */
final class CheckTargets implements AutoCloseable {

	private final List<HttpServer> servers = new ArrayList<>();

	private final ExecutorService workers = Executors.newFixedThreadPool(16);

	private final Map<String, String> statuses = new ConcurrentHashMap<>();

	private final Map<String, List<Long>> polls = new ConcurrentHashMap<>();

	CheckTargets(int servers) {
		try {
			for (int i = 0; i < servers; i++) {
				HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
				server.setExecutor(this.workers);
				server.createContext("/", this::answer);
				server.start();
				this.servers.add(server);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url(String check, int index) {
		return "http://127.0.0.1:" + this.servers.get(index % this.servers.size()).getAddress().getPort() + "/" + check;
	}

	void status(String check, String status) {
		this.statuses.put(check, status);
	}

	String status(String check) {
		return this.statuses.getOrDefault(check, "OK");
	}

	private void answer(HttpExchange exchange) throws IOException {
		long now = System.nanoTime();
		String check = exchange.getRequestURI().getPath().substring(1);
		this.polls.computeIfAbsent(check, (key) -> new ArrayList<>());
		List<Long> times = this.polls.get(check);
		synchronized (times) {
			times.add(now);
		}
		String status = status(check);
		byte[] body = ("{\"status\":\"" + status + "\",\"message\":\"" + check + " is " + status + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/**
	 * What the targets saw of the checks' polls that fell between two instants (each
	 * compared with the poll before it, which may precede {@code from}): polls closer
	 * than half an interval (the same interval polled twice), gaps longer than one and a
	 * half intervals (late), gaps of two intervals or more (an interval not polled at
	 * all), counting the silence from the last poll to {@code to} as well.
	 */
	Schedule schedule(List<String> checks, long from, long to, Duration interval) {
		long half = interval.toNanos() / 2;
		long late = interval.toNanos() * 3 / 2;
		long missed = interval.toNanos() * 2;
		int doubles = 0;
		int lates = 0;
		int misses = 0;
		long longest = 0;
		for (String check : checks) {
			List<Long> all = this.polls.getOrDefault(check, List.of());
			long previous = from;
			synchronized (all) {
				for (long time : all) {
					if (time <= from) {
						previous = time;
						continue;
					}
					if (time > to) {
						break;
					}
					long gap = time - previous;
					if (gap < half) {
						doubles++;
					}
					if (gap > late) {
						lates++;
					}
					if (gap >= missed) {
						misses++;
					}
					longest = Math.max(longest, gap);
					previous = time;
				}
			}
			if (to - previous >= missed) {
				misses++;
				longest = Math.max(longest, to - previous);
			}
		}
		return new Schedule(doubles, lates, misses, Duration.ofNanos(longest));
	}

	/** When every check has been polled at least once after {@code since}, or -1. */
	Duration allPolledAfter(List<String> checks, long since) {
		long latest = 0;
		for (String check : checks) {
			List<Long> all = this.polls.getOrDefault(check, List.of());
			long first = -1;
			synchronized (all) {
				for (long time : all) {
					if (time > since) {
						first = time;
						break;
					}
				}
			}
			if (first < 0) {
				return Duration.ofNanos(-1);
			}
			latest = Math.max(latest, first - since);
		}
		return Duration.ofNanos(latest);
	}

	/** How many polls the targets received between two instants. */
	long pollsBetween(List<String> checks, long from, long to) {
		long count = 0;
		for (String check : checks) {
			List<Long> all = this.polls.getOrDefault(check, List.of());
			synchronized (all) {
				count += all.stream().filter((time) -> time > from && time <= to).count();
			}
		}
		return count;
	}

	record Schedule(int doubles, int late, int missed, Duration longestGap) {
	}

	@Override
	public void close() {
		this.servers.forEach((server) -> server.stop(0));
		this.workers.shutdownNow();
	}

}
