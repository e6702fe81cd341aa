/**
 * What every app's OpenAPI description says about itself: its name and version, and how
 * its writes are authorised.
 */
@NullMarked
package io.cairn.support.openapi;

import org.jspecify.annotations.NullMarked;
