package io.cairn.status.api;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;

/**
 * A mute or a maintenance window.
 *
 * @param duration how long, e.g. {@code 30m}, {@code 2h}, {@code PT1H}
 * @param note why, shown on the console
 */
public record SilenceRequest(@Nullable String duration, @Nullable String note) {

	/**
	 * Read a request strictly: an object with a string {@code duration} and an optional
	 * string {@code note}, nothing else (a number is no duration: {@code 5} would be 5
	 * ms).
	 * @param body the request body
	 * @return the request
	 * @throws InvalidCheckException naming the field that is wrong
	 */
	static SilenceRequest of(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidCheckException("body", "The body must be a JSON object with a duration.");
		}
		for (String field : body.propertyNames()) {
			if (!field.equals("duration") && !field.equals("note")) {
				String shown = CheckService.echo(field);
				throw new InvalidCheckException(shown, "Unknown field '" + shown + "'; send duration and note.");
			}
		}
		return new SilenceRequest(RequestBodies.text(body, "duration"), RequestBodies.text(body, "note"));
	}

}
