package io.cairn.status.check;

/**
 * A check and its state, as stored.
 *
 * @param definition what the check is
 * @param state its latest state
 * @param version the store's change version of the last write to it
 */
public record TrackedCheck(CheckDefinition definition, CheckState state, long version) {

	/**
	 * The check's id.
	 * @return the id
	 */
	public String id() {
		return this.definition.id();
	}

	/**
	 * The same check with another state.
	 * @param next the new state
	 * @return the updated check
	 */
	public TrackedCheck withState(CheckState next) {
		return new TrackedCheck(this.definition, next, this.version);
	}

}
