package io.cairn.status.discovery;

import java.util.List;
import java.util.Map;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.PollResult;

/**
 * What a source found in one round.
 *
 * @param checks the checks the source wants to exist (validated definitions)
 * @param results states reported by the source itself, by check id (sources whose checks
 * are not polled)
 */
public record Discovered(List<CheckDefinition> checks, Map<String, PollResult> results) {

}
