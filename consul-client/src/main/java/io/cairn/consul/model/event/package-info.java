/**
 * User event models.
 */
@NullMarked
package io.cairn.consul.model.event;

import org.jspecify.annotations.NullMarked;
