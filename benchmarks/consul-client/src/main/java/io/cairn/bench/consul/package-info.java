/**
 * JMH benchmarks of Cairn's consul-client against kiwiproject consul-client and Ecwid
 * consul-api.
 */
@NullMarked
package io.cairn.bench.consul;

import org.jspecify.annotations.NullMarked;
