package io.cairn.mesos.operator;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET_FRAMEWORKS} answers.
 *
 * @param frameworks the active and inactive frameworks
 * @param completedFrameworks frameworks that have ended
 */
public record Frameworks(@Nullable List<Framework> frameworks, @Nullable List<Framework> completedFrameworks) {
}
