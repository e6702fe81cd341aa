/**
 * ACL models: tokens, policies, roles, replication status and legacy (pre-1.11) tokens.
 */
@NullMarked
package io.cairn.consul.model.acl;

import org.jspecify.annotations.NullMarked;
