package io.cairn.status.cli;

/**
 * A threshold range in the Monitoring Plugins notation ({@code 10}, {@code 10:},
 * {@code ~:10}, {@code 10:20}, {@code @10:20}): a value alerts when it lies outside
 * {@code start..end}, or inside it when the range starts with {@code @}.
 *
 * @param start the lowest value that does not alert (negative infinity for {@code ~})
 * @param end the highest value that does not alert (positive infinity when open)
 * @param inside whether values inside the range alert instead
 * @param text the range as it was written
 */
record NagiosRange(double start, double end, boolean inside, String text) {

	/**
	 * Read a range.
	 * @param text the range as written on the command line
	 * @return the range
	 * @throws IllegalArgumentException if the text is not a range
	 */
	static NagiosRange parse(String text) {
		String body = text.trim();
		boolean inside = body.startsWith("@");
		if (inside) {
			body = body.substring(1);
		}
		int colon = body.indexOf(':');
		double start = 0;
		double end;
		if (colon < 0) {
			end = number(body, text);
		}
		else {
			String low = body.substring(0, colon);
			String high = body.substring(colon + 1);
			start = low.equals("~") ? Double.NEGATIVE_INFINITY : (low.isEmpty() ? 0 : number(low, text));
			end = high.isEmpty() ? Double.POSITIVE_INFINITY : number(high, text);
		}
		if (start > end) {
			throw new IllegalArgumentException("the range '" + text + "' starts after it ends");
		}
		return new NagiosRange(start, end, inside, text.trim());
	}

	private static double number(String value, String text) {
		try {
			double number = Double.parseDouble(value);
			if (Double.isNaN(number) || Double.isInfinite(number)) {
				throw new NumberFormatException(value);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a threshold range (10, 10:, ~:10, 10:20 or @10:20)");
		}
	}

	/**
	 * Whether a value alerts against this range.
	 * @param value the measured value
	 * @return true when the value is outside the range (inside it for {@code @} ranges)
	 */
	boolean alerts(double value) {
		boolean within = value >= this.start && value <= this.end;
		return this.inside == within;
	}

}
