/**
 * The hello-caller example: a {@code @LoadBalanced} {@code RestClient} fed by
 * registry-client.
 */
@NullMarked
package io.cairn.examples.caller;

import org.jspecify.annotations.NullMarked;
