package io.cairn.registry.domain;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RegistrationRulesTests {

	@Test
	void hostsAreNormalisedAndNeverResolved() {
		assertThat(RegistrationRules.host("host", "Web-1.Example.COM.")).isEqualTo("web-1.example.com");
		assertThat(RegistrationRules.host("host", "[FD00::1]")).isEqualTo("fd00::1");
		assertThat(RegistrationRules.host("host", "10.0.0.255")).isEqualTo("10.0.0.255");
		assertThat(RegistrationRules.host("host", "localhost")).isEqualTo("localhost");
		assertThat(RegistrationRules.host("host", "no-such-host-for-sure.invalid"))
			.isEqualTo("no-such-host-for-sure.invalid");
	}

	@Test
	void badHostsAreRefusedWithTheFieldName() {
		for (String bad : List.of("", "bad host", "under_score.example", "-lead.example", "a..b", "10.0.0.256", "::zz",
				"x".repeat(64) + ".example")) {
			assertThatExceptionOfType(InvalidInputException.class).as(bad)
				.isThrownBy(() -> RegistrationRules.host("host", bad))
				.satisfies((ex) -> assertThat(ex.field()).isEqualTo("host"));
		}
	}

	@Test
	void namesAreAnyPrintableTextUpTo255Characters() {
		assertThat(RegistrationRules.serviceName("name", "team/orders api.v2")).isEqualTo("team/orders api.v2");
		assertThat(RegistrationRules.serviceName("name", "ü".repeat(255))).hasSize(255);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> RegistrationRules.serviceName("name", "a\u0000b"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> RegistrationRules.serviceName("name", "x".repeat(256)));
	}

	@Test
	void namesThatWouldReadAsOtherNamesAreRefusedNamingTheCharacter() {
		for (String bad : List.of("pay\u202Ements", "pay\u200Bments", "\uFEFFx", "a\u2066b", "a\u2028b", "a\uFFFF",
				"a\uFDD0", "a\uD800", "\uDC00a", "a\uD800b")) {
			assertThatExceptionOfType(InvalidInputException.class).as(bad)
				.isThrownBy(() -> RegistrationRules.serviceName("name", bad))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("U+"));
		}
		assertThat(RegistrationRules.serviceName("name", "caf\u00e9-\uD83D\uDE00")).isEqualTo("café-😀");
		assertThat(RegistrationRules.serviceName("name", "שירות")).isEqualTo("שירות");
		assertThat(RegistrationRules.printable("a\u202Eb\uD800")).isEqualTo("a?b?");
		assertThat(RegistrationRules.printable("😀".repeat(60))).endsWith("...").doesNotContain("?");
	}

	@Test
	void urlsGiveTheEndpointWithTheSchemesDefaultPort() {
		assertThat(RegistrationRules.endpointOf("url", "http://Svc.example/api"))
			.isEqualTo(new Endpoint("svc.example", 80));
		assertThat(RegistrationRules.endpointOf("url", "https://svc.example/api"))
			.isEqualTo(new Endpoint("svc.example", 443));
		assertThat(RegistrationRules.endpointOf("url", "http://10.0.0.1:8080"))
			.isEqualTo(new Endpoint("10.0.0.1", 8080));
		for (String bad : List.of("ftp://x/", "//x/", "http:///path", "not a url", "file:///etc/passwd", "http://x:0/",
				"http://x\u202E/")) {
			assertThatExceptionOfType(InvalidInputException.class).as(bad)
				.isThrownBy(() -> RegistrationRules.endpointOf("url", bad));
		}
	}

	@Test
	void metadataIsBounded() {
		assertThat(RegistrationRules.metadata("meta", List.of("a"), "1.0", Map.of("status-url", "http://x/")).tags())
			.containsExactly("a");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(
				() -> RegistrationRules.metadata("meta", java.util.Collections.nCopies(33, "t"), null, Map.of()));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> RegistrationRules.metadata("meta", List.of(), null, Map.of("bad key", "v")));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> RegistrationRules.metadata("meta", List.of(), "v\n", Map.of()));
	}

}
