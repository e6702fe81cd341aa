package io.cairn.status.probe;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.format.HealthFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A check's probe settings survive the trip through their database column, and a column
 * that is not probe settings makes the row unreadable instead of a check that means
 * something else.
 */
class ProbeCodecTests {

	@Test
	void probeSettingsRoundTrip() {
		Probe probe = new Probe(HealthFormat.PLAIN, List.of(200, 204),
				List.of(new Condition("[STATUS] == 200", CheckStatus.CRITICAL),
						new Condition("[BODY].a[0] =~ \"x\\\\d+\"", CheckStatus.WARNING)));
		String text = ProbeCodec.write(probe);
		assertThat(ProbeCodec.read(text)).isEqualTo(probe);
		assertThat(ProbeCodec.read(ProbeCodec.write(new Probe(null, List.of(), List.of()))))
			.isEqualTo(new Probe(null, List.of(), List.of()));
		assertThat(ProbeCodec.write(null)).isNull();
		assertThat(ProbeCodec.read(null)).isNull();
	}

	@Test
	void requestAndPushSettingsRoundTripAndColumnsWrittenBeforeThemStillRead() {
		Probe probe = new Probe(null, List.of(), List.of(),
				new HttpRequestSpec("POST", java.util.Map.of("X-Probe", "1"), "{\"q\":1}",
						new HttpAuth(HttpAuth.Scheme.BASIC, "monitor", "monitor-password")),
				null);
		assertThat(ProbeCodec.read(ProbeCodec.write(probe))).isEqualTo(probe);
		Probe push = new Probe(null, List.of(), List.of(), null, new PushSpec(300, CheckStatus.UNKNOWN));
		assertThat(ProbeCodec.read(ProbeCodec.write(push))).isEqualTo(push);
		// What V3-era replicas wrote: no request, no push.
		assertThat(ProbeCodec.read("{\"format\":\"PLAIN\",\"okStatuses\":[200],\"conditions\":[]}"))
			.isEqualTo(new Probe(HealthFormat.PLAIN, List.of(200), List.of()));
	}

	@Test
	void aColumnThatIsNotProbeSettingsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProbeCodec.read("{\"format\": \"NAGIOS\"}"));
		assertThatIllegalArgumentException().isThrownBy(() -> ProbeCodec.read("not json"));
	}

}
