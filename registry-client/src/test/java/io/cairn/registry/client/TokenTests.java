package io.cairn.registry.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.registry.client.test.RegistryServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A registry whose writes need a token ({@code cairn.security.token}): the client sends
 * it as a bearer token on writes; without it, or with another, registration fails with
 * {@link RegistryAuthorizationException} at once; reads need none.
 */
class TokenTests {

	private static RegistryServiceProcess registry;

	@BeforeAll
	static void startRegistry() {
		registry = RegistryServiceProcess.start("cairn.security.token=s3cret-token");
	}

	@AfterAll
	static void stopRegistry() {
		registry.close();
	}

	@Test
	void writesWithTheTokenAreAccepted() {
		try (RegistryClient client = RegistryClient.builder().urls(registry.url()).token("s3cret-token").build()) {
			client.start();
			Registration registration = client.register(NewInstance.of("ledger", "10.5.0.1", 8080));
			assertThat(registration.state()).isEqualTo(RegistrationState.REGISTERED);
			assertThat(client.instances("ledger")).hasSize(1);
			registration.close();
			assertThat(registration.state()).isEqualTo(RegistrationState.DEREGISTERED);
		}
		try (RegistryClient reader = RegistryClient.builder().urls(registry.url()).build()) {
			reader.start();
			assertThat(reader.instances("ledger")).isEmpty();
		}
	}

	@Test
	void aMissingOrWrongTokenIsRefusedAtOnce() {
		for (String token : new String[] { null, "guess" }) {
			try (RegistryClient client = RegistryClient.builder().urls(registry.url()).token(token).build()) {
				client.start();
				assertThatExceptionOfType(RegistryAuthorizationException.class)
					.isThrownBy(() -> client.register(NewInstance.of("ledger", "10.5.0.2", 8080)))
					.satisfies((ex) -> assertThat(ex.status()).isEqualTo(401))
					.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("s3cret"));
				assertThat(client.registrations()).isEmpty();
				// Reads stay open.
				assertThat(client.instances("ledger")).isEmpty();
			}
		}
	}

}
