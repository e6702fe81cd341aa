/**
 * The optional bearer token that guards write endpoints ({@code cairn.security.token}).
 */
@NullMarked
package io.cairn.support.security;

import org.jspecify.annotations.NullMarked;
