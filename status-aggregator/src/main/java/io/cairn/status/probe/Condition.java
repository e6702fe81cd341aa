package io.cairn.status.probe;

import io.cairn.status.check.CheckStatus;

/**
 * One condition of a check, as the operator wrote it, and how bad it is when it fails.
 *
 * @param expression the expression (see {@link ConditionExpression} for the syntax)
 * @param severity the check's state when this condition fails (Warning, Critical or
 * Unknown; never OK)
 */
public record Condition(String expression, CheckStatus severity) {

	/**
	 * The parsed expression (parsed once per distinct text and kept).
	 * @return the expression
	 * @throws IllegalArgumentException when the text is not a valid expression
	 */
	public ConditionExpression parsed() {
		return ConditionExpression.cached(this.expression);
	}

}
