package io.cairn.status.api;

/**
 * No check carries the tag a group path names.
 */
class NoSuchGroupException extends RuntimeException {

	private final String group;

	NoSuchGroupException(String group) {
		super("No check carries the tag '" + group + "'.");
		this.group = group;
	}

	String group() {
		return this.group;
	}

}
