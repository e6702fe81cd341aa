package io.cairn.support.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import com.sun.net.httpserver.HttpServer;

/**
 * A JVM of its own, for the tests of {@link CommonPoolParallelism}: the common pool is
 * created once per JVM, so each case needs a fresh one. Calls
 * {@link CommonPoolParallelism#ensureMinimum()} first (argument {@value #ENSURE}), not at
 * all ({@value #NONE}), or after touching the common pool ({@value #TOO_LATE}); then
 * sends {@value #CALLS} requests with {@code HttpClient.sendAsync} to a JDK
 * {@code HttpServer}, one after the other, and prints {@code key=value} lines: the
 * property, the common pool's parallelism, {@code CompletableFuture}'s default executor,
 * the threads started during the calls and the kinds of thread that ran the calls'
 * dependent actions.
 */
public final class SendAsyncInAnotherJvm {

	/** Call {@code ensureMinimum()} first. */
	public static final String ENSURE = "ensure";

	/** Do not call it. */
	public static final String NONE = "none";

	/** Touch the common pool, then call it. */
	public static final String TOO_LATE = "too-late";

	/** How many requests are sent. */
	public static final int CALLS = 200;

	private SendAsyncInAnotherJvm() {
	}

	/**
	 * Run one case.
	 * @param args {@value #ENSURE}, {@value #NONE} or {@value #TOO_LATE}
	 * @throws Exception when the server cannot start
	 */
	public static void main(String[] args) throws Exception {
		if (args[0].equals(ENSURE)) {
			CommonPoolParallelism.ensureMinimum();
		}
		else if (args[0].equals(TOO_LATE)) {
			ForkJoinPool.commonPool();
			CommonPoolParallelism.ensureMinimum();
		}
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			HttpClient client = HttpClient.newHttpClient();
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
				.build();
			// One call before counting: the client's selector thread, the server's
			// dispatcher and the first pool workers start once, not per call.
			client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long before = threads.getTotalStartedThreadCount();
			Set<String> dependentThreads = new TreeSet<>();
			for (int i = 0; i < CALLS; i++) {
				String name = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
					.thenApply((response) -> Thread.currentThread().getName())
					.join();
				// Thread-17 and ForkJoinPool.commonPool-worker-2: the kind, not the
				// number.
				dependentThreads.add(name.replaceAll("\\d+$", ""));
			}
			long started = threads.getTotalStartedThreadCount() - before;
			System.out.println("property=" + System.getProperty(CommonPoolParallelism.PROPERTY));
			System.out.println("parallelism=" + ForkJoinPool.getCommonPoolParallelism());
			System.out
				.println("defaultExecutor=" + new CompletableFuture<Void>().defaultExecutor().getClass().getName());
			System.out.println("threadsStarted=" + started);
			System.out.println("dependentThreads=" + String.join(",", dependentThreads));
		}
		finally {
			server.stop(0);
		}
	}

}
