package io.cairn.consul;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.consul.model.config.ConfigEntry;
import io.cairn.consul.model.connect.CaConfiguration;
import io.cairn.consul.model.connect.CaRoot;
import io.cairn.consul.model.connect.CaRoots;
import io.cairn.consul.model.connect.Intention;
import io.cairn.consul.model.connect.IntentionAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connect: the CA's roots (JSON and PEM) and configuration, intentions by name
 * ({@code exact}, {@code match}, {@code check}) kept as {@code service-intentions} config
 * entries.
 */
class ConnectContractTests extends AbstractSimulatedAgentTests {

	@Test
	void caRootsNameTheActiveRootAndItsCertificateParses() throws Exception {
		CaRoots roots = consul.connect().caRoots(QueryOptions.NONE).value();
		assertThat(roots.trustDomain()).endsWith(".consul");
		CaRoot active = roots.activeRoot().orElseThrow();
		assertThat(active.active()).isTrue();
		assertThat(active.id()).contains(":");
		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(active.rootCert().getBytes(StandardCharsets.US_ASCII)));
		assertThat(certificate.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
		assertThat(consul.connect().caRootsPem(QueryOptions.NONE)).startsWith("-----BEGIN CERTIFICATE-----")
			.isEqualToIgnoringWhitespace(active.rootCert());
		RecordedSupport.assertParam(simulator, "/v1/connect/ca/roots", "pem", "");
	}

	@Test
	void caConfigurationIsReadAndReplaced() {
		CaConfiguration current = consul.connect().caConfiguration(QueryOptions.NONE).value();
		assertThat(current.provider()).isEqualTo("consul");
		assertThat(current.setting("LeafCertTTL")).isEqualTo("72h");
		consul.connect()
			.updateCaConfiguration(CaConfiguration.of("consul", Map.of("LeafCertTTL", "24h", "PrivateKeyType", "ec")));
		CaConfiguration updated = consul.connect().caConfiguration(QueryOptions.NONE).value();
		assertThat(updated.setting("LeafCertTTL")).isEqualTo("24h");
		assertThat(updated.modifyIndex()).isGreaterThan(current.modifyIndex());
		assertThatThrownBy(() -> consul.connect().updateCaConfiguration(CaConfiguration.of("nope", Map.of())))
			.isInstanceOf(ConsulRequestException.class);
	}

	@Test
	void exactIntentionsAreWrittenReadAndDeletedAsConfigEntries() {
		consul.connect().upsertIntention("web", "db", IntentionAction.ALLOW, "web reads db");
		Intention intention = consul.connect().intention("web", "db", QueryOptions.NONE).value().orElseThrow();
		assertThat(intention.sourceName()).isEqualTo("web");
		assertThat(intention.destinationName()).isEqualTo("db");
		assertThat(intention.action()).isEqualTo(IntentionAction.ALLOW);
		assertThat(intention.description()).isEqualTo("web reads db");
		assertThat(intention.precedence()).isEqualTo(9);
		RecordedSupport.assertParam(simulator, "/v1/connect/intentions/exact", "source", "web");
		ConfigEntry entry = consul.config()
			.read(ConfigEntry.SERVICE_INTENTIONS, "db", QueryOptions.NONE)
			.value()
			.orElseThrow();
		assertThat(entry.field("Sources")).asList().hasSize(1);
		consul.connect().upsertIntention("web", "db", IntentionAction.DENY, null);
		assertThat(consul.connect().intention("web", "db", QueryOptions.NONE).value().orElseThrow().action())
			.isEqualTo(IntentionAction.DENY);
		consul.connect().deleteIntention("web", "db");
		assertThat(consul.connect().intention("web", "db", QueryOptions.NONE).value()).isEmpty();
		assertThat(consul.config().read(ConfigEntry.SERVICE_INTENTIONS, "db", QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void matchListsIntentionsInPrecedenceOrderAndCheckTakesTheFirstThatMatches() {
		consul.connect().upsertIntention("*", "billing", IntentionAction.DENY, null);
		consul.connect().upsertIntention("frontend", "billing", IntentionAction.ALLOW, null);
		Map<String, List<Intention>> byDestination = consul.connect()
			.matchIntentions(false, List.of("billing"), QueryOptions.NONE)
			.value();
		assertThat(byDestination.get("billing")).extracting(Intention::sourceName).containsExactly("frontend", "*");
		assertThat(byDestination.get("billing")).extracting(Intention::precedence).containsExactly(9, 8);
		assertThat(consul.connect().matchIntentions(true, List.of("frontend"), QueryOptions.NONE).value())
			.containsOnlyKeys("frontend");
		assertThat(consul.connect().checkIntention("frontend", "billing", QueryOptions.NONE)).isTrue();
		assertThat(consul.connect().checkIntention("batch", "billing", QueryOptions.NONE)).isFalse();
		assertThat(consul.connect().checkIntention("batch", "elsewhere", QueryOptions.NONE))
			.as("no intention and ACLs off: allowed")
			.isTrue();
		assertThatThrownBy(() -> consul.connect().matchIntentions(true, List.of(), QueryOptions.NONE))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> consul.connect().upsertIntention("a", "b", IntentionAction.UNKNOWN, null))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
