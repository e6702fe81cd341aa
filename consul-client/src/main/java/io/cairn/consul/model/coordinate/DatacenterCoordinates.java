package io.cairn.consul.model.coordinate;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The WAN coordinates of one datacenter's servers.
 *
 * @param datacenter the datacenter
 * @param areaId the network area ({@code WAN})
 * @param coordinates the servers' coordinates
 */
public record DatacenterCoordinates(String datacenter, @JsonProperty("AreaID") @Nullable String areaId,
		@Nullable List<NodeCoordinate> coordinates) {
}
