/**
 * Prepared query models: definitions, execution results, explanations.
 */
@NullMarked
package io.cairn.consul.model.query;

import org.jspecify.annotations.NullMarked;
