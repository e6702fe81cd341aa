/**
 * Central configuration entry models ({@code /config}).
 */
@NullMarked
package io.cairn.consul.model.config;

import org.jspecify.annotations.NullMarked;
