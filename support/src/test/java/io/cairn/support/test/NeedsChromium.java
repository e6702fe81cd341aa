package io.cairn.support.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class (or method) that drives a browser through {@link HeadlessChrome}:
 * where Chromium or ChromeDriver is missing it is reported as skipped, with the reason
 * and how to make it run, before anything of it starts (a Spring context, a server).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(NeedsChromium.Condition.class)
public @interface NeedsChromium {

	/**
	 * Disables the annotated tests where {@link HeadlessChrome#available()} is false.
	 */
	class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			return HeadlessChrome.available() ? ConditionEvaluationResult.enabled("Chromium and ChromeDriver found")
					: ConditionEvaluationResult.disabled(HeadlessChrome.missing());
		}

	}

}
