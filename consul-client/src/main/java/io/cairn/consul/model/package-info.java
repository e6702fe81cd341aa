/**
 * What the models of every API area share: durations written the way Consul writes them.
 * Each area has its own package below this one.
 */
@NullMarked
package io.cairn.consul.model;

import org.jspecify.annotations.NullMarked;
