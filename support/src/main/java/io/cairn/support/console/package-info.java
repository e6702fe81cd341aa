/**
 * What the apps' consoles learn from the app itself: its name, its version, and where its
 * management endpoints live, so that their links work when the management port is
 * separate.
 */
@NullMarked
package io.cairn.support.console;

import org.jspecify.annotations.NullMarked;
