package io.cairn.consul.model.coordinate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A network coordinate (Vivaldi).
 *
 * @param vec the vector
 * @param error the error estimate
 * @param adjustment the adjustment
 * @param height the height
 */
public record Coordinate(@Nullable List<Double> vec, double error, double adjustment, double height) {
}
