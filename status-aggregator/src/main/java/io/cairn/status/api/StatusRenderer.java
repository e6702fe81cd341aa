package io.cairn.status.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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
 */
public class StatusRenderer {

	private static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);

	private final LiveChecks live;

	private final Clock clock;

	private final DateTimeFormatter format;

	private volatile Rendered rendered;

	private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

	/**
	 * Create the renderer.
	 * @param live the checks
	 * @param clock the clock
	 * @param zone the zone of the date
	 */
	public StatusRenderer(LiveChecks live, Clock clock, ZoneId zone) {
		this.live = live;
		this.clock = clock;
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
		byte[] body = new byte[current.prefix.length + date.length + SUFFIX.length];
		System.arraycopy(current.prefix, 0, body, 0, current.prefix.length);
		System.arraycopy(date, 0, body, current.prefix.length, date.length);
		System.arraycopy(SUFFIX, 0, body, current.prefix.length + date.length, SUFFIX.length);
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
