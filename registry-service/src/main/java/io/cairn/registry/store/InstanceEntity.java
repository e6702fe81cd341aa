package io.cairn.registry.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.domain.InstanceMetadata;

/**
 * A row of {@code registry_instance}: one endpoint and the service it currently serves.
 */
@Entity
@Table(name = "registry_instance")
public class InstanceEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(nullable = false)
	private String name = "";

	@Column(nullable = false)
	private String host = "";

	@Column(nullable = false)
	private int port;

	private @Nullable String url;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(nullable = false)
	private List<String> tags = new ArrayList<>();

	private @Nullable String version;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false)
	private Map<String, String> labels = new LinkedHashMap<>();

	@Column(name = "first_seen", nullable = false)
	private Instant firstSeen = Instant.EPOCH;

	@Column(name = "last_seen", nullable = false)
	private Instant lastSeen = Instant.EPOCH;

	@Column(nullable = false)
	private boolean expired;

	protected InstanceEntity() {
	}

	InstanceEntity(String name, Endpoint endpoint, Instant seen) {
		this.name = name;
		this.host = endpoint.host();
		this.port = endpoint.port();
		this.firstSeen = seen;
		this.lastSeen = seen;
	}

	/**
	 * This row as a domain instance.
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @return the instance
	 */
	public Instance toInstance(Instant aliveAfter) {
		return new Instance(this.name, endpoint(), this.url, metadata(), this.firstSeen, this.lastSeen,
				this.lastSeen.isAfter(aliveAfter));
	}

	Endpoint endpoint() {
		return new Endpoint(this.host, this.port);
	}

	InstanceMetadata metadata() {
		return new InstanceMetadata(this.tags, this.version, this.labels);
	}

	void setMetadata(InstanceMetadata metadata) {
		this.tags = new ArrayList<>(metadata.tags());
		this.version = metadata.version();
		this.labels = new LinkedHashMap<>(metadata.labels());
	}

	String getName() {
		return this.name;
	}

	void setName(String name) {
		this.name = name;
	}

	@Nullable String getUrl() {
		return this.url;
	}

	void setUrl(@Nullable String url) {
		this.url = url;
	}

	Instant getLastSeen() {
		return this.lastSeen;
	}

	void setLastSeen(Instant lastSeen) {
		this.lastSeen = lastSeen;
	}

	void setFirstSeen(Instant firstSeen) {
		this.firstSeen = firstSeen;
	}

	boolean isExpired() {
		return this.expired;
	}

	void setExpired(boolean expired) {
		this.expired = expired;
	}

}
