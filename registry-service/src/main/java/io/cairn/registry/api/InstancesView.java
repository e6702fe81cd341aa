package io.cairn.registry.api;

import java.util.List;

/**
 * A list of instances.
 *
 * @param index the change index this answer reflects (pass it back as {@code index} to
 * watch)
 * @param instances the instances
 */
public record InstancesView(long index, List<InstanceView> instances) {

}
