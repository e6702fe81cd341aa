package io.cairn.consul.model.agent;

/**
 * DNS SRV weights of a service instance.
 *
 * @param passing the weight while all checks pass
 * @param warning the weight while a check warns
 */
public record Weights(int passing, int warning) {
}
