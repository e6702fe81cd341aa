/**
 * Network coordinate models.
 */
@NullMarked
package io.cairn.consul.model.coordinate;

import org.jspecify.annotations.NullMarked;
