/**
 * The registry load benchmark: registry-service against a stock Eureka server.
 */
@NullMarked
package io.cairn.benchmarks.registry;

import org.jspecify.annotations.NullMarked;
