package io.cairn.consul.model.query;

/**
 * A prepared query rendered for a name, after template interpolation.
 *
 * @param query the rendered query
 */
public record QueryExplanation(PreparedQuery query) {
}
