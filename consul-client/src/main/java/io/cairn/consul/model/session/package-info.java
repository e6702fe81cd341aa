/**
 * Session models: sessions and session requests.
 */
@NullMarked
package io.cairn.consul.model.session;

import org.jspecify.annotations.NullMarked;
