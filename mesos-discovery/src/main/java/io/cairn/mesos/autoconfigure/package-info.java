/**
 * Spring Boot auto-configuration ({@code cairn.mesos.*}), the leader health indicator and
 * meters.
 */
@NullMarked
package io.cairn.mesos.autoconfigure;

import org.jspecify.annotations.NullMarked;
