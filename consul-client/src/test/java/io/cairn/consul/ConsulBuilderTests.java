package io.cairn.consul;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.testkit.consul.ConsulSimulator;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Building a client: addresses, the Consul CLI's environment variables, Go durations, the
 * read timeout of blocking queries.
 */
class ConsulBuilderTests {

	@Test
	void environmentVariablesAreReadAsTheCliReadsThem(@TempDir Path dir) throws Exception {
		try (ConsulSimulator simulator = ConsulSimulator.builder().acl("env-token").start()) {
			try (Consul consul = Consul.builder()
				.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", simulator.address(), "CONSUL_HTTP_TOKEN", "env-token"))
				.build()) {
				assertThat(consul.kv().put("env/x", "1")).isTrue();
				assertThat(consul.currentAddress()).isEqualTo("http://" + simulator.address());
			}
			Path tokenFile = Files.writeString(dir.resolve("token"), "env-token\n");
			try (Consul consul = Consul.builder()
				.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "http://" + simulator.address(), "CONSUL_HTTP_TOKEN_FILE",
						tokenFile.toString()))
				.build()) {
				assertThat(consul.kv().getString("env/x")).contains("1");
			}
		}
	}

	@Test
	void sslSwitchesTheSchemeAndDefaultPorts() {
		try (Consul consul = Consul.builder()
			.fromEnvironment(Map.of("CONSUL_HTTP_ADDR", "consul.internal", "CONSUL_HTTP_SSL", "true"))
			.build()) {
			assertThat(consul.currentAddress()).isEqualTo("https://consul.internal:8501");
		}
		try (Consul consul = Consul.builder().build()) {
			assertThat(consul.currentAddress()).isEqualTo("http://127.0.0.1:8500");
		}
		assertThatThrownBy(() -> Consul.builder().address("unix:///var/run/consul.sock").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Unix socket");
	}

	@Test
	void waitsAreCappedAtTenMinutes() {
		assertThat(QueryOptions.NONE.waitFor("30m").waitTime()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void theMaximumAnswerSizeIsBounded() {
		assertThatThrownBy(() -> Consul.builder().maxAnswerSize(DataSize.ofBytes(10)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("from 1KB to 1GB");
		assertThatThrownBy(() -> Consul.builder().maxAnswerSize(DataSize.ofGigabytes(2)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("from 1KB to 1GB");
		assertThat(Consul.DEFAULT_MAX_ANSWER_SIZE).isEqualTo(DataSize.ofMegabytes(64));
	}

	@Test
	void optionsAreImmutableAndCarryBlockingState() {
		ResponseMeta meta = new ResponseMeta(42, true, Duration.ZERO, "leader", null, null, null, false, null, null);
		QueryOptions options = QueryOptions.NONE.datacenter("dc2").after(meta);
		assertThat(options.index()).isEqualTo(42);
		assertThat(options.isBlocking()).isTrue();
		assertThat(QueryOptions.NONE.isBlocking()).isFalse();
		ResponseMeta hashed = new ResponseMeta(0, null, null, null, null, null, "abc", false, null, null);
		assertThat(QueryOptions.NONE.after(hashed).hash()).isEqualTo("abc");
		assertThat(options.toString()).doesNotContain("secret");
		assertThat(QueryOptions.NONE.token("secret").toString()).doesNotContain("secret");
	}

}
