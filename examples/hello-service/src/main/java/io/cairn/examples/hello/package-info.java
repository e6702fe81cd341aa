/**
 * The hello-service example: a Spring Boot service registered in registry-service by the
 * registry-client starter.
 */
@NullMarked
package io.cairn.examples.hello;

import org.jspecify.annotations.NullMarked;
