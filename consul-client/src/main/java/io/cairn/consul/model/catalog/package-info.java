/**
 * Catalog models: nodes, service instances, registrations.
 */
@NullMarked
package io.cairn.consul.model.catalog;

import org.jspecify.annotations.NullMarked;
