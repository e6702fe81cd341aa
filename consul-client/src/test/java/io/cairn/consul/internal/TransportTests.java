package io.cairn.consul.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.consul.Consistency;
import io.cairn.consul.ConsulObserver;
import io.cairn.consul.QueryOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read timeout the transport gives a call: the client's for ordinary calls, the wait
 * plus Consul's jitter plus the margin for blocking queries.
 */
class TransportTests {

	@Test
	void theTimeoutOfABlockingQueryCoversTheWaitAndTheJitter() {
		Settings settings = new Settings(List.of(URI.create("http://127.0.0.1:8500")), null, false, null,
				Consistency.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(7), Duration.ofMinutes(5),
				Duration.ofSeconds(5), null, ConsulObserver.NONE, 1024 * 1024, null);
		try (Transport transport = new Transport(settings)) {
			Request blocking = Request.get("/v1/kv/{key}", "kv/x").options(QueryOptions.NONE.index(5).waitFor("160s"));
			assertThat(transport.timeoutFor(blocking)).isEqualTo(Duration.ofSeconds(160 + 10 + 5));
			Request defaultWait = Request.get("/v1/kv/{key}", "kv/x").options(QueryOptions.NONE.index(5));
			assertThat(transport.timeoutFor(defaultWait)).as("5m default wait + 18.75s jitter + 5s margin")
				.isEqualTo(Duration.ofMinutes(5).plusMillis(18_750).plusSeconds(5));
			assertThat(transport.timeoutFor(Request.get("/v1/kv/{key}", "kv/x"))).isEqualTo(Duration.ofSeconds(7));
		}
	}

}
