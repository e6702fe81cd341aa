/**
 * Key/value store models: entries (values as bytes) and write conditions.
 */
@NullMarked
package io.cairn.consul.model.kv;

import org.jspecify.annotations.NullMarked;
