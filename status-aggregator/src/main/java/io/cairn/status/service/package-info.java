/**
 * Check registration rules and operations shared by the API, discovery and imports.
 */
@NullMarked
package io.cairn.status.service;

import org.jspecify.annotations.NullMarked;
