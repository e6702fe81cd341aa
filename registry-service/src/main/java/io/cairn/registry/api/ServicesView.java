package io.cairn.registry.api;

import java.util.List;

import io.cairn.registry.domain.ServiceSummary;

/**
 * The list of services.
 *
 * @param index the change index this answer reflects
 * @param services the services by name
 */
public record ServicesView(long index, List<ServiceSummary> services) {

}
