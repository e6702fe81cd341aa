package io.cairn.status.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NagiosRangeTests {

	@Test
	void theFiveFormsOfTheGuidelines() {
		NagiosRange upTo10 = NagiosRange.parse("10");
		assertThat(upTo10.alerts(-1)).isTrue();
		assertThat(upTo10.alerts(0)).isFalse();
		assertThat(upTo10.alerts(10)).isFalse();
		assertThat(upTo10.alerts(11)).isTrue();
		NagiosRange atLeast10 = NagiosRange.parse("10:");
		assertThat(atLeast10.alerts(9)).isTrue();
		assertThat(atLeast10.alerts(1e9)).isFalse();
		NagiosRange atMost10 = NagiosRange.parse("~:10");
		assertThat(atMost10.alerts(-1e9)).isFalse();
		assertThat(atMost10.alerts(10.5)).isTrue();
		NagiosRange between = NagiosRange.parse("10:20");
		assertThat(between.alerts(9.9)).isTrue();
		assertThat(between.alerts(15)).isFalse();
		assertThat(between.alerts(20.1)).isTrue();
		NagiosRange inside = NagiosRange.parse("@10:20");
		assertThat(inside.alerts(15)).isTrue();
		assertThat(inside.alerts(21)).isFalse();
	}

	@Test
	void malformedRangesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> NagiosRange.parse("db"));
		assertThatIllegalArgumentException().isThrownBy(() -> NagiosRange.parse("20:10"));
		assertThatIllegalArgumentException().isThrownBy(() -> NagiosRange.parse("NaN"));
		assertThatIllegalArgumentException().isThrownBy(() -> NagiosRange.parse(""));
	}

}
