package io.cairn.status.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * Renders a flat two-part badge ({@code label | value}) from the {@code badge.svg}
 * template. Every text that reaches the SVG is XML-escaped in one pass (ids and tags are
 * user input), so no value can open an element, an attribute or another placeholder.
 */
final class BadgeRenderer {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)\\}\\}");

	/** Roughly Verdana 11px: the mean advance of a character, in pixels. */
	private static final double CHARACTER_WIDTH = 6.8;

	/** The longest text shown in one half; longer ids are cut with an ellipsis. */
	static final int MAX_TEXT = 64;

	private final String template;

	BadgeRenderer() {
		try (InputStream in = BadgeRenderer.class.getResourceAsStream("badge.svg")) {
			if (in == null) {
				throw new IllegalStateException("badge.svg is missing from the class path");
			}
			this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Render a badge.
	 * @param label the left text
	 * @param value the right text
	 * @param color the right half's colour, one of this class's constants
	 * @return the SVG document
	 */
	String render(String label, String value, BadgeColor color) {
		String left = cut(label);
		String right = cut(value);
		int labelWidth = width(left);
		int valueWidth = width(right);
		Map<String, String> values = Map.of("label", left, "value", right, "color", color.hex(), "width",
				Integer.toString(labelWidth + valueWidth), "labelWidth", Integer.toString(labelWidth), "valueWidth",
				Integer.toString(valueWidth), "labelX", Integer.toString(labelWidth / 2), "valueX",
				Integer.toString(labelWidth + valueWidth / 2));
		Matcher matcher = PLACEHOLDER.matcher(this.template);
		StringBuilder svg = new StringBuilder(this.template.length() + 128);
		while (matcher.find()) {
			String text = values.get(matcher.group(1));
			if (text == null) {
				throw new IllegalStateException("badge.svg names an unknown placeholder " + matcher.group(1));
			}
			matcher.appendReplacement(svg, Matcher.quoteReplacement(HtmlUtils.htmlEscape(text, "UTF-8")));
		}
		matcher.appendTail(svg);
		return svg.toString();
	}

	private static String cut(String text) {
		return (text.length() <= MAX_TEXT) ? text : text.substring(0, MAX_TEXT - 1) + "\u2026";
	}

	private static int width(String text) {
		return (int) Math.ceil(text.codePointCount(0, text.length()) * CHARACTER_WIDTH) + 12;
	}

	/**
	 * The colours a badge's value may have.
	 */
	enum BadgeColor {

		/** OK, high uptime, fast. */
		GREEN("#4c1"),

		/** Good but not perfect. */
		YELLOWGREEN("#a4a61d"),

		/** Warning, slowish. */
		YELLOW("#dfb317"),

		/** Poor. */
		ORANGE("#fe7d37"),

		/** Critical, low uptime, slow. */
		RED("#e05d44"),

		/** Unknown, no data. */
		GREY("#9f9f9f");

		private final String hex;

		BadgeColor(String hex) {
			this.hex = hex;
		}

		String hex() {
			return this.hex;
		}

	}

}
