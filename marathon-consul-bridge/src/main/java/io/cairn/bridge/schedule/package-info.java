/**
 * Threads the bridge runs its own work on, from Spring Boot's task builders. A leaf.
 */
@NullMarked
package io.cairn.bridge.schedule;

import org.jspecify.annotations.NullMarked;
