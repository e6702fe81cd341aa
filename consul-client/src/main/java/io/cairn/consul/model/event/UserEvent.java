package io.cairn.consul.model.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A user event ({@code /event/fire}, {@code /event/list}). The payload is decoded from
 * base64.
 *
 * @param id the event ID
 * @param name the event name
 * @param payload the payload, {@code null} when none
 * @param nodeFilter the node regex filter
 * @param serviceFilter the service regex filter
 * @param tagFilter the tag regex filter
 * @param version the event version
 * @param lTime the Lamport time
 */
public record UserEvent(@JsonProperty("ID") String id, String name, byte @Nullable [] payload,
		@Nullable String nodeFilter, @Nullable String serviceFilter, @Nullable String tagFilter, int version,
		@JsonProperty("LTime") long lTime) {

	/**
	 * The payload as UTF-8 text.
	 * @return the text, empty when there is no payload
	 */
	public Optional<String> payloadAsString() {
		return (this.payload != null) ? Optional.of(new String(this.payload, StandardCharsets.UTF_8))
				: Optional.empty();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof UserEvent that) && this.id.equals(that.id) && this.lTime == that.lTime
				&& Arrays.equals(this.payload, that.payload);
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

	@Override
	public String toString() {
		return "UserEvent[id=" + this.id + ", name=" + this.name + ", lTime=" + this.lTime + "]";
	}

}
