/**
 * The target policy every check URL and every address it resolves to must pass: http and
 * https only, no user-info, no link-local, metadata, multicast or unspecified addresses,
 * allow and deny lists.
 */
@NullMarked
package io.cairn.status.security;

import org.jspecify.annotations.NullMarked;
