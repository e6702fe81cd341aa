package io.cairn.registry.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.EventType;
import io.cairn.registry.domain.RegistryEvent;

/**
 * A row of {@code registry_event}.
 */
@Entity
@Table(name = "registry_event")
public class EventEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "change_index", nullable = false)
	private long changeIndex;

	@Column(nullable = false)
	private Instant at = Instant.EPOCH;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private EventType type = EventType.REGISTERED;

	@Column(nullable = false)
	private String name = "";

	@Column(nullable = false)
	private String host = "";

	@Column(nullable = false)
	private int port;

	@Column(name = "previous_name")
	private @Nullable String previousName;

	protected EventEntity() {
	}

	EventEntity(long changeIndex, Instant at, EventType type, String name, Endpoint endpoint,
			@Nullable String previousName) {
		this.changeIndex = changeIndex;
		this.at = at;
		this.type = type;
		this.name = name;
		this.host = endpoint.host();
		this.port = endpoint.port();
		this.previousName = previousName;
	}

	RegistryEvent toEvent() {
		return new RegistryEvent(this.changeIndex, this.at, this.type, this.name, new Endpoint(this.host, this.port),
				this.previousName);
	}

}
