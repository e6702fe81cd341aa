package io.cairn.support.web;

import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns a JSON reading failure into a sentence a client can act on, naming the field and
 * position but never a Java class.
 */
public final class JsonProblemMessages {

	private JsonProblemMessages() {
	}

	/**
	 * Describe why a body could not be read.
	 * @param ex the failure (any cause chain)
	 * @return a short description
	 */
	public static String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnrecognizedPropertyException unknown) {
				return "unknown field '" + unknown.getPropertyName() + "'" + at(unknown);
			}
			if (cause instanceof InvalidFormatException invalid) {
				return "field '" + path(invalid) + "' has an invalid value '" + invalid.getValue() + "'" + at(invalid);
			}
			if (cause instanceof MismatchedInputException mismatch) {
				String path = path(mismatch);
				if (path.isEmpty()) {
					return "the body has the wrong shape" + at(mismatch);
				}
				String original = mismatch.getOriginalMessage();
				boolean missing = original != null && original.contains("`null`");
				return "field '" + path + "' " + (missing ? "is missing or null" : "has the wrong type") + at(mismatch);
			}
			if (cause instanceof StreamReadException syntax) {
				return "malformed JSON" + at(syntax);
			}
		}
		String message = ex.getMessage();
		if (message != null && message.startsWith("Required request body is missing")) {
			return "the body is empty";
		}
		return "it could not be read";
	}

	private static String path(JacksonException ex) {
		return ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String at(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
