/**
 * Local agent models: services, checks, members, self, metrics, registrations.
 */
@NullMarked
package io.cairn.consul.model.agent;

import org.jspecify.annotations.NullMarked;
