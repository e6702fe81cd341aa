/**
 * Who may write which services: the admin token ({@code cairn.security.token}), tokens
 * scoped to service-name globs ({@code cairn.registry.security.tokens}), and the shared
 * write policy for clients without a token.
 */
@NullMarked
package io.cairn.registry.security;

import org.jspecify.annotations.NullMarked;
