/**
 * The registry's vocabulary: endpoints, instances, metadata, events, globs, and the
 * validation rules for what clients send.
 */
@NullMarked
package io.cairn.registry.domain;

import org.jspecify.annotations.NullMarked;
