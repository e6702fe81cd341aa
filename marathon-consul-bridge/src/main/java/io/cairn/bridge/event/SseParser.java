package io.cairn.bridge.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Reads a Server-Sent Events stream as the HTML standard defines it: lines end with CR,
 * LF or CRLF; {@code event:} names the event, {@code data:} lines are joined with
 * newlines, a line starting with {@code :} is a comment (Marathon's heartbeat), a blank
 * line dispatches the event, one space after the colon is dropped, {@code id} and
 * {@code retry} are read and ignored. A line longer than the size limit is skipped whole
 * and the event it belongs to is reported as oversized rather than delivered.
 */
public final class SseParser {

	private final InputStream in;

	private final int maxEventSize;

	private final Listener listener;

	private byte[] line = new byte[1024];

	private int length;

	private boolean lineTooLong;

	private boolean pendingLf;

	private @Nullable String event;

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	private boolean oversized;

	/**
	 * Create a parser.
	 * @param in the stream
	 * @param maxEventSize the largest event accepted, in bytes
	 * @param listener told about events, comments and oversized events
	 */
	public SseParser(InputStream in, int maxEventSize, Listener listener) {
		this.in = in;
		this.maxEventSize = maxEventSize;
		this.listener = listener;
	}

	/**
	 * Read until the stream ends.
	 * @throws IOException when reading fails (including a read timeout)
	 */
	public void run() throws IOException {
		byte[] buffer = new byte[8192];
		int n;
		while ((n = this.in.read(buffer)) != -1) {
			for (int i = 0; i < n; i++) {
				accept(buffer[i]);
			}
		}
	}

	private void accept(byte b) {
		if (this.pendingLf) {
			this.pendingLf = false;
			if (b == '\n') {
				return;
			}
		}
		if (b == '\r') {
			this.pendingLf = true;
			endOfLine();
			return;
		}
		if (b == '\n') {
			endOfLine();
			return;
		}
		if (this.lineTooLong) {
			return;
		}
		if (this.length == this.maxEventSize) {
			this.lineTooLong = true;
			return;
		}
		if (this.length == this.line.length) {
			byte[] grown = new byte[Math.min(this.maxEventSize, this.line.length * 2)];
			System.arraycopy(this.line, 0, grown, 0, this.length);
			this.line = grown;
		}
		this.line[this.length++] = b;
	}

	private void endOfLine() {
		if (this.lineTooLong) {
			this.oversized = true;
			this.lineTooLong = false;
			this.length = 0;
			return;
		}
		String text = new String(this.line, 0, this.length, StandardCharsets.UTF_8);
		this.length = 0;
		if (this.line.length > 65536) {
			this.line = new byte[1024];
		}
		if (text.isEmpty()) {
			dispatch();
			return;
		}
		if (text.charAt(0) == ':') {
			this.listener.onComment(text.substring(1));
			return;
		}
		int colon = text.indexOf(':');
		String field = (colon < 0) ? text : text.substring(0, colon);
		String value = (colon < 0) ? "" : text.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "event" -> this.event = value;
			case "data" -> {
				if (this.hasData) {
					this.data.append('\n');
				}
				this.data.append(value);
				this.hasData = true;
				if (this.data.length() > this.maxEventSize) {
					this.oversized = true;
					this.data.setLength(0);
				}
			}
			default -> {
				// id, retry and unknown fields change nothing here.
			}
		}
	}

	private void dispatch() {
		if (this.oversized) {
			this.listener.onOversized(this.event);
		}
		else if (this.hasData) {
			this.listener.onEvent(this.event, this.data.toString());
		}
		this.event = null;
		this.data.setLength(0);
		this.hasData = false;
		this.oversized = false;
	}

	/**
	 * Told what the stream carries.
	 */
	public interface Listener {

		/**
		 * An event.
		 * @param type the {@code event:} field, or {@code null}
		 * @param data the joined {@code data:} lines
		 */
		void onEvent(@Nullable String type, String data);

		/**
		 * A comment line (a heartbeat).
		 * @param text the text after the colon
		 */
		default void onComment(String text) {
		}

		/**
		 * An event over the size limit was skipped.
		 * @param type its {@code event:} field, if it came first
		 */
		void onOversized(@Nullable String type);

	}

}
