/**
 * A Consul agent simulator for tests, written from the Consul HTTP API documents: start
 * one with {@link io.cairn.testkit.consul.ConsulSimulator#start()}, point a client at
 * {@link io.cairn.testkit.consul.ConsulSimulator#baseUrl()}, and inject faults through
 * {@link io.cairn.testkit.consul.ConsulSimulator#faults()}.
 */
@NullMarked
package io.cairn.testkit.consul;

import org.jspecify.annotations.NullMarked;
