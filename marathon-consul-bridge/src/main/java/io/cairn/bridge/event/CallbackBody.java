package io.cairn.bridge.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a callback body with the bridge's own bounds. An event up to
 * {@code events.max-size} is kept whole. A larger one is read no further into memory:
 * what was read is checked to begin a JSON object (and its {@code eventType} noted when
 * it comes early enough), and the rest is read and discarded up to
 * {@code events.callback.max-body-size}, so that Marathon, which treats any answer but
 * 2xx as a failing subscriber and then drops events, gets its 2xx. Only a body that does
 * not begin a JSON object, or that exceeds the body limit, is refused.
 */
final class CallbackBody {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private static final int CHUNK = 64 * 1024;

	private static final int MAX_TYPE_LENGTH = 100;

	private CallbackBody() {
	}

	/**
	 * Read a body.
	 * @param in the body stream (not wrapped in a limit of its own)
	 * @param maxEvent the largest event kept
	 * @param maxBody the most read
	 * @return what was read
	 * @throws IOException when the client stops sending
	 */
	static Read read(InputStream in, int maxEvent, long maxBody) throws IOException {
		byte[] head = in.readNBytes(maxEvent + 1);
		if (head.length <= maxEvent) {
			return new Read(Kind.EVENT, head, null, head.length);
		}
		Prefix prefix = inspect(head);
		long size = head.length;
		byte[] chunk = new byte[CHUNK];
		int n;
		while ((n = in.read(chunk)) >= 0) {
			size += n;
			if (size > maxBody) {
				return new Read(Kind.TOO_LARGE, new byte[0], prefix.type(), size);
			}
		}
		return new Read(prefix.object() ? Kind.OVERSIZED : Kind.NOT_AN_OBJECT, new byte[0], prefix.type(), size);
	}

	/**
	 * Whether the bytes begin a JSON object, read with a parser that waits for more input
	 * at their end rather than failing; and its {@code eventType}, if a top-level field
	 * among them.
	 */
	private static Prefix inspect(byte[] bytes) {
		String type = null;
		try (JsonParser parser = JSON.createNonBlockingByteArrayParser(ObjectReadContext.empty())) {
			((ByteArrayFeeder) parser.nonBlockingInputFeeder()).feedInput(bytes, 0, bytes.length);
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				return new Prefix(false, null);
			}
			int depth = 1;
			boolean typeNext = false;
			JsonToken token;
			while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
				if (depth == 0) {
					// The object ended, yet more than white space followed: not one
					// object.
					return new Prefix(false, type);
				}
				if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
					depth++;
				}
				else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
					depth--;
				}
				else if (depth == 1 && token == JsonToken.PROPERTY_NAME) {
					typeNext = "eventType".equals(parser.currentName());
					continue;
				}
				else if (typeNext && token == JsonToken.VALUE_STRING && type == null) {
					String text = parser.getString();
					type = (text.length() <= MAX_TYPE_LENGTH) ? text : null;
				}
				typeNext = false;
			}
			return new Prefix(true, type);
		}
		catch (JacksonException ex) {
			return new Prefix(false, type);
		}
	}

	private record Prefix(boolean object, @Nullable String type) {
	}

	/**
	 * What a body turned out to be.
	 */
	enum Kind {

		/** Within {@code events.max-size}: the whole event. */
		EVENT,

		/** Larger, and beginning a JSON object: skipped. */
		OVERSIZED,

		/** Larger, and not beginning a JSON object. */
		NOT_AN_OBJECT,

		/** Larger than {@code events.callback.max-body-size}. */
		TOO_LARGE

	}

	/**
	 * A body read.
	 *
	 * @param kind what it is
	 * @param bytes the event, for {@link Kind#EVENT}; empty otherwise
	 * @param type the {@code eventType} found at the start of a larger body
	 * @param size the bytes read
	 */
	record Read(Kind kind, byte[] bytes, @Nullable String type, long size) {

		String text() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

	}

}
