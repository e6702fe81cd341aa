package io.cairn.consul.model.agent;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service's tagged address (the API writes the fields in lower or upper case).
 *
 * @param address the address
 * @param port the port
 */
public record TaggedAddress(@JsonProperty("Address") @JsonAlias("address") String address,
		@JsonProperty("Port") @JsonAlias("port") int port) {
}
