package io.cairn.mesos.zk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A child znode as read: its name (not the full path) and its data.
 *
 * @param name the child's name
 * @param data the child's data
 */
public record ZNode(String name, byte[] data) {

	/**
	 * The data as UTF-8 text.
	 * @return the text
	 */
	public String text() {
		return new String(this.data, StandardCharsets.UTF_8);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ZNode node) && this.name.equals(node.name) && Arrays.equals(this.data, node.data);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode() * 31 + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return this.name + " (" + this.data.length + " bytes)";
	}

}
