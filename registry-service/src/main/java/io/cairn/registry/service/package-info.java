/**
 * The registry itself: registration, renewal coalescing, expiry, lookups, and their
 * meters.
 */
@NullMarked
package io.cairn.registry.service;

import org.jspecify.annotations.NullMarked;
