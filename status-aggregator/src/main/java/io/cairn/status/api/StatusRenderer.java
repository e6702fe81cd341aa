package io.cairn.status.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.AggregateSnapshot;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.PythonJson;

/**
 * Renders Megaphone's {@code /status} body, {@code {"status": "OK", "message":
 * "Everything is OK!", "date": "2026-11-22T14:13:35UTC"}}, byte for byte as Megaphone's
 * Python wrote it. The part before the date is rendered once per aggregate change and the
 * date once per second, so an answer costs two array copies whatever the number of
 * checks. The date is the time of the answer (Megaphone's froze at start-up), in
 * Megaphone's format: no offset, a zone abbreviation.
 * <p>
 * When this replica's view is older than it should be (it cannot read the other replicas'
 * results from the database), the answer says so with one more key, the time of the data:
 * {@code "data_as_of": "2026-11-22T14:13:35UTC"}. Megaphone's clients read the keys they
 * know; the key is absent whenever the view is current.
 */
public class StatusRenderer {

	private static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);

	private final LiveChecks live;

	private final Clock clock;

	private final DateTimeFormatter format;

	private final Supplier<@Nullable Instant> behindSince;

	private volatile Rendered rendered;

	private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

	/**
	 * Create the renderer.
	 * @param live the checks
	 * @param clock the clock
	 * @param zone the zone of the date
	 */
	public StatusRenderer(LiveChecks live, Clock clock, ZoneId zone) {
		this(live, clock, zone, () -> null);
	}

	/**
	 * Create the renderer.
	 * @param live the checks
	 * @param clock the clock
	 * @param zone the zone of the date
	 * @param behindSince the time of the data when the view is behind, else null
	 */
	public StatusRenderer(LiveChecks live, Clock clock, ZoneId zone, Supplier<@Nullable Instant> behindSince) {
		this.live = live;
		this.clock = clock;
		this.behindSince = behindSince;
		this.format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssz", Locale.ROOT).withZone(zone);
		this.rendered = render(live.snapshot());
	}

	/**
	 * The body for the current aggregate.
	 * @return the answer
	 */
	public Answer answer() {
		AggregateSnapshot snapshot = this.live.snapshot();
		Rendered current = this.rendered;
		if (current.snapshot != snapshot) {
			current = render(snapshot);
			this.rendered = current;
		}
		byte[] date = date();
		Instant behind = this.behindSince.get();
		byte[] suffix = (behind != null)
				? ("\", \"data_as_of\": \"" + this.format.format(behind) + "\"}").getBytes(StandardCharsets.US_ASCII)
				: SUFFIX;
		byte[] body = new byte[current.prefix.length + date.length + suffix.length];
		System.arraycopy(current.prefix, 0, body, 0, current.prefix.length);
		System.arraycopy(date, 0, body, current.prefix.length, date.length);
		System.arraycopy(suffix, 0, body, current.prefix.length + date.length, suffix.length);
		return new Answer(snapshot, body);
	}

	/**
	 * Megaphone's date for now.
	 * @return the formatted date
	 */
	public String dateText() {
		return new String(date(), StandardCharsets.US_ASCII);
	}

	private byte[] date() {
		long second = Math.floorDiv(this.clock.millis(), 1000);
		Stamp current = this.stamp;
		if (current.second != second) {
			String text = this.format.format(java.time.Instant.ofEpochSecond(second));
			current = new Stamp(second, text);
			this.stamp = current;
		}
		return current.bytes;
	}

	private static Rendered render(AggregateSnapshot snapshot) {
		StringBuilder prefix = new StringBuilder("{\"status\": ");
		PythonJson.string(snapshot.status().label(), prefix);
		prefix.append(", \"message\": ");
		PythonJson.string(snapshot.message(), prefix);
		prefix.append(", \"date\": \"");
		return new Rendered(snapshot, prefix.toString().getBytes(StandardCharsets.US_ASCII));
	}

	private record Rendered(AggregateSnapshot snapshot, byte[] prefix) {

	}

	private static final class Stamp {

		final long second;

		final byte[] bytes;

		Stamp(long second, String text) {
			this.second = second;
			this.bytes = text.getBytes(StandardCharsets.US_ASCII);
		}

	}

	/**
	 * A rendered answer.
	 *
	 * @param snapshot the aggregate it shows
	 * @param body the bytes
	 */
	public record Answer(AggregateSnapshot snapshot, byte[] body) {

	}

}
