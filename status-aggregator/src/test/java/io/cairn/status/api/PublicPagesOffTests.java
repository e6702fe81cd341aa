package io.cairn.status.api;

import org.junit.jupiter.api.Test;

import io.cairn.status.testsupport.AppTestBase;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn.status.pages.status-page=false} and
 * {@code cairn.status.pages.badges=false} take the public views away (404), and the
 * operator API stays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.pages.status-page=false", "cairn.status.pages.badges=false",
				"cairn.status.history.results=false", "cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
class PublicPagesOffTests extends AppTestBase {

	@Test
	void switchedOffPagesAreNotFound() {
		assertThat(this.http.post("/checks", "{\"id\": \"off\", \"push\": {\"ttl\": \"1h\"}, \"tags\": [\"t\"]}")
			.statusCode()).isEqualTo(201);
		assertThat(this.http.get("/status-page").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/badges/checks/off/state.svg").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/badges/groups/t/uptime/24h.svg").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/checks/off/uptime").statusCode()).isEqualTo(200);
	}

}
