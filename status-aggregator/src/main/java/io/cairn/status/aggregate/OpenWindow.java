package io.cairn.status.aggregate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A scheduled maintenance window open for a check now.
 *
 * @param window the window's id
 * @param until when this occurrence of it ends
 * @param reason why, as its author wrote it, or null
 */
public record OpenWindow(String window, Instant until, @Nullable String reason) {

}
