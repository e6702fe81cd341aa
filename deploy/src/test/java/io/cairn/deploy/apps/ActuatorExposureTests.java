package io.cairn.deploy.apps;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.Yamls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each app's actuator shows to whoever can reach it, as its {@code application.yaml}
 * configures it (finding L3): the health of each component, but no details (database
 * product, ZooKeeper connect string, Consul address, disk path), and none of the
 * endpoints that read or change the running app. {@code CairnUpIT} checks the running
 * apps.
 */
class ActuatorExposureTests {

	@Test
	void l3HealthDetailsAreNotShownToAnonymousReaders() {
		for (CairnApp app : CairnApp.checkable()) {
			Map<String, Object> yaml = app.applicationYaml();
			Object details = Yamls.at(yaml, "management.endpoint.health.show-details");
			assertThat(details).as(app + "'s show-details (Boot's default is never)").isIn(null, "never");
			assertThat(Yamls.at(yaml, "management.endpoint.health.show-components"))
				.as(app + " still names each component and its status")
				.isEqualTo("always");
		}
	}

	@Test
	void onlyReadOnlyEndpointsAreExposed() {
		for (CairnApp app : CairnApp.checkable()) {
			String exposed = String
				.valueOf(Yamls.at(app.applicationYaml(), "management.endpoints.web.exposure.include"));
			assertThat(List.of(exposed.split(","))).as(app + "'s exposed endpoints")
				.allMatch((endpoint) -> List.of("health", "info", "prometheus", "metrics").contains(endpoint.strip()));
		}
	}

}
