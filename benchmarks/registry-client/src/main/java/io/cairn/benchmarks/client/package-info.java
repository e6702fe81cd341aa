/**
 * The registration-to-routing benchmark: registry-client against registry-service, the
 * stock Eureka client against a stock Eureka server.
 */
@NullMarked
package io.cairn.benchmarks.client;

import org.jspecify.annotations.NullMarked;
