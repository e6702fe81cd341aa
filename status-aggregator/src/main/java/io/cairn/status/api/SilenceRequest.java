package io.cairn.status.api;

import org.jspecify.annotations.Nullable;

/**
 * A mute or a maintenance window.
 *
 * @param duration how long, e.g. {@code 30m}, {@code 2h}, {@code PT1H}
 * @param note why, shown on the console
 */
public record SilenceRequest(@Nullable String duration, @Nullable String note) {

}
