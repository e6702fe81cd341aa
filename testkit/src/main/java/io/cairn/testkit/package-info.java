/**
 * Test-only simulators of Consul, Mesos and Marathon, one package each.
 */
@NullMarked
package io.cairn.testkit;

import org.jspecify.annotations.NullMarked;
