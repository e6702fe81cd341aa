package io.cairn.status.probe;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A check's {@link Probe} as the text of its {@code status_check.probe} column.
 */
public final class ProbeCodec {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private ProbeCodec() {
	}

	/**
	 * The column's text.
	 * @param probe the probe, or null
	 * @return its JSON, or null
	 */
	public static @Nullable String write(@Nullable Probe probe) {
		return (probe != null) ? mapper.writeValueAsString(probe) : null;
	}

	/**
	 * Read the column's text.
	 * @param text the JSON, or null
	 * @return the probe, or null
	 * @throws IllegalArgumentException when the text is not a probe (the row is left out
	 * as unreadable)
	 */
	public static @Nullable Probe read(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return mapper.readValue(text, Probe.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("unreadable probe settings: " + ex.getOriginalMessage(), ex);
		}
	}

}
