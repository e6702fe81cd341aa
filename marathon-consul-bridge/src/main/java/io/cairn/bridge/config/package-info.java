/**
 * The wiring, and nothing else: which parts exist and how they connect. No other package
 * depends on it ({@code PackageCycleTests}); settings are in
 * {@link io.cairn.bridge.settings}.
 */
@NullMarked
package io.cairn.bridge.config;

import org.jspecify.annotations.NullMarked;
