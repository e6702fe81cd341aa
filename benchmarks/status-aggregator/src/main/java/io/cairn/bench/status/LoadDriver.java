package io.cairn.bench.status;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 keep-alive load driver on plain sockets (cheap enough to leave
 * most of two shared cores to the server): each connection sends {@code GET path}, reads
 * the whole answer, records the latency and goes again, for a fixed time after a warm-up.
 */
final class LoadDriver {

	private LoadDriver() {
	}

	static Result run(int port, String path, int connections, Duration warmup, Duration duration)
			throws InterruptedException {
		return run(port, path, connections, 0, warmup, duration);
	}

	/**
	 * Run the load.
	 * @param ratePerSecond 0 for a closed loop as fast as answers come; otherwise the
	 * total rate, spread over the connections, each request timed from its scheduled send
	 * time (so a stall is not hidden by the requests it delayed)
	 */
	static Result run(int port, String path, int connections, double ratePerSecond, Duration warmup, Duration duration)
			throws InterruptedException {
		Histogram histogram = new Histogram(TimeUnitNanos.MINUTE, 3);
		AtomicLong requests = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long start = System.nanoTime();
		long measureFrom = start + warmup.toNanos();
		long end = measureFrom + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		long period = (ratePerSecond > 0) ? (long) (connections * 1e9 / ratePerSecond) : 0;
		for (int i = 0; i < connections; i++) {
			long[] next = { start + i * period / connections };
			Thread thread = new Thread(() -> {
				Histogram own = new Histogram(TimeUnitNanos.MINUTE, 3);
				long own_requests = 0;
				byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII);
				Socket socket = null;
				while (System.nanoTime() < end) {
					try {
						if (socket == null) {
							socket = new Socket("127.0.0.1", port);
							socket.setTcpNoDelay(true);
							socket.setSoTimeout(60_000);
						}
						OutputStream out = socket.getOutputStream();
						InputStream in = new BufferedInputStream(socket.getInputStream());
						boolean open = true;
						while (open && System.nanoTime() < end) {
							long sent = System.nanoTime();
							if (period > 0) {
								next[0] += period;
								if (next[0] > sent) {
									LockSupport.parkNanos(next[0] - sent);
								}
								sent = next[0];
							}
							out.write(request);
							out.flush();
							int status = readResponse(in);
							if (status < 0) {
								status = -status;
								open = false;
								close(socket);
								socket = null;
							}
							long took = System.nanoTime() - sent;
							if (sent >= measureFrom) {
								own.recordValue(Math.min(took, TimeUnitNanos.MINUTE));
								own_requests++;
								if (status != 200) {
									errors.incrementAndGet();
								}
							}
						}
					}
					catch (IOException ex) {
						errors.incrementAndGet();
						close(socket);
						socket = null;
					}
				}
				close(socket);
				synchronized (histogram) {
					histogram.add(own);
				}
				requests.addAndGet(own_requests);
			}, "load-" + i);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = duration.toNanos() / 1e9;
		return new Result(requests.get() / seconds, histogram.getValueAtPercentile(50) / 1e6,
				histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6, requests.get(), errors.get());
	}

	/**
	 * Read one response with a Content-Length body; returns its status code, negated when
	 * the server closes the connection after it (Tomcat does every 100 requests).
	 */
	private static int readResponse(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed");
			}
			head.append((char) b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String headers = head.toString();
		int status = Integer.parseInt(headers.substring(9, 12));
		int length = 0;
		boolean close = false;
		for (String line : headers.split("\r\n")) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
			if (lower.startsWith("connection:") && lower.contains("close")) {
				close = true;
			}
		}
		if (in.readNBytes(length).length != length) {
			throw new IOException("short body");
		}
		return close ? -status : status;
	}

	private static void close(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// done with it
			}
		}
	}

	record Result(double perSecond, double p50Millis, double p99Millis, double maxMillis, long requests, long errors) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%,.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms (%,d requests, %d errors)", this.perSecond,
					this.p50Millis, this.p99Millis, this.maxMillis, this.requests, this.errors);
		}

	}

	static final class TimeUnitNanos {

		static final long MINUTE = 60_000_000_000L;

		private TimeUnitNanos() {
		}

	}

}
