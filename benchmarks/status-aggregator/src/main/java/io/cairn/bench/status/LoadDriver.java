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
		Histogram histogram = new Histogram(TimeUnitNanos.MINUTE, 3);
		AtomicLong requests = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long start = System.nanoTime();
		long measureFrom = start + warmup.toNanos();
		long end = measureFrom + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
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
						while (System.nanoTime() < end) {
							long sent = System.nanoTime();
							out.write(request);
							out.flush();
							int status = readResponse(in);
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

	/** Read one response with a Content-Length body; returns its status code. */
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
		for (String line : headers.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		if (in.readNBytes(length).length != length) {
			throw new IOException("short body");
		}
		return status;
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
