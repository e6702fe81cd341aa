package io.cairn.status;

import org.junit.jupiter.api.Test;

import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.TargetPolicy;
import io.cairn.status.testsupport.Http;
import io.cairn.support.test.SharedPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The application as it ships: none of the test beans (clock, host names) the other
 * whole-app tests add, only a database. A context that only starts with a test bean
 * present (a resolver that Spring injected into itself once did) fails here, as it would
 * for {@code ./cairn up} and every deployment.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DefaultContextTests {

	@LocalServerPort
	int port;

	@Autowired
	TargetPolicy policy;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = SharedPostgres.newDatabase();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> SharedPostgres.user());
	}

	@Test
	void startsOnDefaultsAndRefusesLoopbackTargetsThroughTheSystemResolver() {
		Http http = new Http(this.port);
		assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		// localhost goes through the system resolver and the bounded lookups to 127.0.0.1
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> this.policy.resolve("localhost"))
			.withMessageContaining("loopback");
	}

}
