/**
 * The plumbing under the client: the transport to the agents (failover, timeouts, what
 * may be sent again, bounded answers, typed errors) on the JDK's HTTP client, the request
 * builder, JSON and path encoding. Public only so that the API packages can use it; not
 * part of the API, and it may change in any release.
 */
@NullMarked
package io.cairn.consul.internal;

import org.jspecify.annotations.NullMarked;
