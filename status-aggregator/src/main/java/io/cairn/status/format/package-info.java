/**
 * The health answers people already serve (Spring Boot Actuator, Consul, Kubernetes,
 * plain HTTP) besides Megaphone's documents, detected from the answer or named per check.
 */
@NullMarked
package io.cairn.status.format;

import org.jspecify.annotations.NullMarked;
