package io.cairn.consul.model.connect;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The trusted roots of the service mesh CA ({@code /connect/ca/roots}).
 *
 * @param activeRootId the ID of the root that signs new certificates
 * @param trustDomain the cluster's SPIFFE trust domain
 * @param roots every trusted root
 */
public record CaRoots(@JsonProperty("ActiveRootID") String activeRootId, String trustDomain, List<CaRoot> roots) {

	/**
	 * The active root.
	 * @return the root whose ID is {@link #activeRootId()}, empty when none is listed
	 */
	public Optional<CaRoot> activeRoot() {
		return this.roots.stream().filter((root) -> root.id().equals(this.activeRootId)).findFirst();
	}

}
