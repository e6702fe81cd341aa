package io.cairn.support.jvm;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import org.apache.commons.logging.LogFactory;

/**
 * Gives the JVM's common {@link ForkJoinPool} a parallelism of at least {@value #MINIMUM}
 * on hosts with {@value #MINIMUM} CPUs or fewer, so that {@link CompletableFuture}'s
 * default executor reuses its threads instead of starting a new one for every task. The
 * applications call {@link #ensureMinimum()} first thing in {@code main}.
 * <p>
 * Why: the JDK's {@code HttpClient.sendAsync} hands every answer to
 * {@code CompletableFuture}'s default executor before the caller sees it. In JDK 17
 * (17.0.15), {@code jdk.internal.net.http.HttpClientImpl.sendAsync} (lines 668-669)
 * returns {@code res.whenCompleteAsync((r, t) -> {}, ASYNC_POOL)} whenever its exchange
 * executor is not null, which is the case for every call of the public {@code sendAsync};
 * {@code ASYNC_POOL} is {@code CompletableFuture}'s default executor. That executor is
 * the common pool only if {@link ForkJoinPool#getCommonPoolParallelism()} is above 1
 * ({@code CompletableFuture} lines 431 and 437); otherwise it is
 * {@code CompletableFuture$ThreadPerTaskExecutor}, which starts a new platform thread
 * ({@code Thread-N}) per task. The common pool's parallelism defaults to the number of
 * CPUs minus one, so on a host with 2 CPUs or fewer every {@code sendAsync} starts a
 * thread: the bridge started 14,102 threads in 56 s at 100,000 tasks and 1,000 events/s
 * (JFR, {@code jdk.ThreadStart} from {@code ThreadPerTaskExecutor.execute} under
 * consul-client's {@code JdkHttp}). Every {@code sendAsync} user pays it: consul-client,
 * registry-client, status-aggregator's publisher, and Spring's
 * {@code JdkClientHttpRequestFactory} (Spring Framework 7.0's
 * {@code JdkClientHttpRequest} always calls {@code sendAsync}). {@code send()} does not
 * hop. JDK 25's {@code CompletableFuture} no longer has {@code ThreadPerTaskExecutor}
 * (its default executor is the common pool with a parallelism of at least 1), where
 * raising the parallelism to 2 costs at most one more reused worker.
 * <p>
 * The common pool reads the system property {@value #PROPERTY} once, when
 * {@code ForkJoinPool} is initialised, and {@code CompletableFuture} chooses its default
 * executor once, when it is initialised; so this must run before anything touches either.
 * Spring Boot's launcher ({@code JarLauncher}) touches neither. When something did (a
 * Java agent, say), the call is too late: it logs a warning, and the property must be set
 * on the command line ({@code -D}{@value #PROPERTY}{@code =2} or in
 * {@code JAVA_TOOL_OPTIONS}). An operator's own setting of the property is left as it is.
 */
public final class CommonPoolParallelism {

	/**
	 * The system property the common pool reads its parallelism from.
	 */
	public static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

	/**
	 * The smallest parallelism with which {@code CompletableFuture} uses the common pool.
	 */
	public static final int MINIMUM = 2;

	private CommonPoolParallelism() {
	}

	/**
	 * Sets {@value #PROPERTY} to {@value #MINIMUM} when it is not set and the JVM sees
	 * {@value #MINIMUM} CPUs or fewer. Call it first in {@code main}, before anything
	 * uses {@link ForkJoinPool} or {@link CompletableFuture}.
	 */
	public static void ensureMinimum() {
		if (raise(System.getProperties(), Runtime.getRuntime().availableProcessors())
				&& ForkJoinPool.getCommonPoolParallelism() < MINIMUM) {
			LogFactory.getLog(CommonPoolParallelism.class)
				.warn("The common ForkJoinPool was created before " + PROPERTY + " was set (parallelism "
						+ ForkJoinPool.getCommonPoolParallelism()
						+ "): every HttpClient.sendAsync starts a thread. Set -D" + PROPERTY + "=" + MINIMUM
						+ " on the command line.");
		}
	}

	/**
	 * Sets {@value #PROPERTY} to {@value #MINIMUM} in the given properties when it is not
	 * set there and {@code processors} is {@value #MINIMUM} or fewer.
	 * @param properties the system properties
	 * @param processors the CPUs the JVM sees
	 * @return whether the property was set
	 */
	static boolean raise(Properties properties, int processors) {
		if (properties.getProperty(PROPERTY) != null || processors > MINIMUM) {
			return false;
		}
		properties.setProperty(PROPERTY, Integer.toString(MINIMUM));
		return true;
	}

}
