package io.cairn.status.discovery;

import java.time.Duration;

import io.cairn.status.check.CheckSource;

/**
 * A discovery source: read its system, say which checks should exist.
 */
public interface CheckSourceAdapter {

	/**
	 * The source the checks are marked with.
	 * @return the source
	 */
	CheckSource source();

	/**
	 * How often to ask.
	 * @return the interval
	 */
	Duration interval();

	/**
	 * Ask the system.
	 * @return what it has now
	 * @throws Exception when the system cannot be asked (the checks are then left as they
	 * are; a source that cannot be read never removes anything)
	 */
	Discovered discover() throws Exception;

}
