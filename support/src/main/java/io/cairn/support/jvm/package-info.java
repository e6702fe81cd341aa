/**
 * Settings of the JVM itself that the applications apply in {@code main}, before Spring
 * starts.
 */
@NullMarked
package io.cairn.support.jvm;

import org.jspecify.annotations.NullMarked;
