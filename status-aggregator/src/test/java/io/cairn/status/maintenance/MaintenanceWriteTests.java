package io.cairn.status.maintenance;

import org.junit.jupiter.api.Test;

import io.cairn.status.testsupport.ExtendedChecksTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance windows are writes: with a write token set, they need it.
 */
class MaintenanceWriteTests extends ExtendedChecksTestSupport {

	@Autowired
	MaintenanceStore store;

	@Test
	void addingOrDeletingAWindowNeedsTheWriteToken() {
		String window = "{\"id\": \"guarded\", \"group\": \"db\", \"duration\": \"1h\"}";
		assertThat(postAs("/maintenance", null, window).statusCode()).isEqualTo(401);
		assertThat(postAs("/maintenance", "wrong", window).statusCode()).isEqualTo(401);
		assertThat(this.store.exists("guarded")).isFalse();
		assertThat(write("/maintenance", window).statusCode()).isEqualTo(201);
		assertThat(this.http.delete("/maintenance/guarded").statusCode()).isEqualTo(401);
		assertThat(this.store.exists("guarded")).isTrue();
		this.store.delete("guarded");
	}

}
