package io.cairn.support.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CommonPoolParallelism}: the rule in this JVM, the effect in JVMs of their own
 * that see 2 CPUs ({@code -XX:ActiveProcessorCount=2}), whatever this machine has.
 */
class CommonPoolParallelismTests {

	private static final String THREAD_PER_TASK = "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";

	@Test
	void raisesTheParallelismOnHostsWithTwoCpusOrFewer() {
		for (int processors : new int[] { 1, 2 }) {
			Properties properties = new Properties();
			assertThat(CommonPoolParallelism.raise(properties, processors)).isTrue();
			assertThat(properties.getProperty(CommonPoolParallelism.PROPERTY)).isEqualTo("2");
		}
	}

	@Test
	void leavesLargerHostsAlone() {
		Properties properties = new Properties();
		assertThat(CommonPoolParallelism.raise(properties, 3)).isFalse();
		assertThat(properties.getProperty(CommonPoolParallelism.PROPERTY)).isNull();
	}

	@Test
	void keepsAnOperatorsSetting() {
		Properties properties = new Properties();
		properties.setProperty(CommonPoolParallelism.PROPERTY, "1");
		assertThat(CommonPoolParallelism.raise(properties, 2)).isFalse();
		assertThat(properties.getProperty(CommonPoolParallelism.PROPERTY)).isEqualTo("1");
	}

	@Test
	void withTheCallSendAsyncReusesTheCommonPoolsThreads() throws Exception {
		Map<String, String> jvm = runInAnotherJvm(SendAsyncInAnotherJvm.ENSURE);
		assertThat(jvm).containsEntry("property", "2")
			.containsEntry("parallelism", "2")
			.containsEntry("defaultExecutor", "java.util.concurrent.ForkJoinPool")
			.containsEntry("dependentThreads", "ForkJoinPool.commonPool-worker-");
		// A few pool workers at most, however many calls.
		assertThat(Long.parseLong(jvm.get("threadsStarted"))).isLessThan(SendAsyncInAnotherJvm.CALLS / 10);
	}

	// The premise, on the JDKs that have it (JDK 25's CompletableFuture no longer has a
	// thread-per-task executor): without the call, each sendAsync starts a thread.
	@Test
	@EnabledForJreRange(max = JRE.JAVA_21)
	void withoutTheCallEverySendAsyncStartsAThread() throws Exception {
		Map<String, String> jvm = runInAnotherJvm(SendAsyncInAnotherJvm.NONE);
		assertThat(jvm).containsEntry("property", "null")
			.containsEntry("parallelism", "1")
			.containsEntry("defaultExecutor", THREAD_PER_TASK)
			.containsEntry("dependentThreads", "Thread-");
		assertThat(Long.parseLong(jvm.get("threadsStarted"))).isGreaterThanOrEqualTo(SendAsyncInAnotherJvm.CALLS);
	}

	@Test
	void anOperatorsSettingIsKept() throws Exception {
		Map<String, String> jvm = runInAnotherJvm(SendAsyncInAnotherJvm.ENSURE,
				"-D" + CommonPoolParallelism.PROPERTY + "=3");
		assertThat(jvm).containsEntry("property", "3")
			.containsEntry("parallelism", "3")
			.containsEntry("defaultExecutor", "java.util.concurrent.ForkJoinPool");
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_21)
	void aCallAfterTheCommonPoolExistsWarns() throws Exception {
		Map<String, String> jvm = runInAnotherJvm(SendAsyncInAnotherJvm.TOO_LATE);
		assertThat(jvm).containsEntry("parallelism", "1").containsEntry("defaultExecutor", THREAD_PER_TASK);
		assertThat(jvm.get("output")).contains("The common ForkJoinPool was created before")
			.contains("-D" + CommonPoolParallelism.PROPERTY + "=2");
	}

	private static Map<String, String> runInAnotherJvm(String mode, String... options)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:ActiveProcessorCount=2");
		command.addAll(List.of(options));
		command
			.addAll(List.of("-cp", System.getProperty("java.class.path"), SendAsyncInAnotherJvm.class.getName(), mode));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		Map<String, String> values = output.lines()
			.filter((line) -> line.matches("[a-zA-Z]+=.*"))
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf('=')),
					(line) -> line.substring(line.indexOf('=') + 1), (first, second) -> second));
		values.put("output", output);
		return values;
	}

}
