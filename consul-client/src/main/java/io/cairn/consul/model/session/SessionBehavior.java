package io.cairn.consul.model.session;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What happens to the locks of a session when it is invalidated.
 */
public enum SessionBehavior {

	/** The locks are released (the default). */
	@JsonProperty("release")
	@JsonEnumDefaultValue
	RELEASE,

	/** The locked keys are deleted. */
	@JsonProperty("delete")
	DELETE

}
