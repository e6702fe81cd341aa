/**
 * Service mesh models: the CA's roots and configuration, intentions.
 */
@NullMarked
package io.cairn.consul.model.connect;

import org.jspecify.annotations.NullMarked;
