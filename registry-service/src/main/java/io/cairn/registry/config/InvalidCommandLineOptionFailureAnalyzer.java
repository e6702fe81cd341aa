package io.cairn.registry.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad servreg-style option in two lines instead of a stack trace.
 */
class InvalidCommandLineOptionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCommandLineOptionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCommandLineOptionException cause) {
		return new FailureAnalysis("The option " + cause.option() + " is not valid.", "Give " + cause.expected() + ".",
				cause);
	}

}
