package io.cairn.mesos.master;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.mesos.zk.ZNode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules Mesos' own detector ({@code src/zookeeper/group.cpp},
 * {@code src/master/detector/zookeeper.cpp}) applies to the children of a master group.
 * <ul>
 * <li>The sequence is the last {@code _}-separated token read as a 32-bit signed number;
 * names whose last token is not a number (such as {@code log_replicas}) are not
 * members.</li>
 * <li>The label is the text before it: {@code json.info}, {@code info} or none. A member
 * with another label is skipped with a warning (Mesos would fail its detector).</li>
 * <li>The leader is the lowest sequence across all labels, so a group in the middle of a
 * 0.23 to 0.24 upgrade is ordered correctly, and so is a counter that wrapped to a
 * negative number.</li>
 * </ul>
 * Undecodable data is skipped with one warning per znode.
 */
public final class MasterZnodes {

	private static final Logger logger = LoggerFactory.getLogger(MasterZnodes.class);

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * The members of a group listing, decoded and in election order, the leader first.
	 * @param children the group's children with their data
	 * @return the masters, lowest sequence first
	 */
	public List<Master> masters(List<ZNode> children) {
		List<Master> masters = new ArrayList<>();
		for (ZNode child : children) {
			Master master = decode(child);
			if (master != null) {
				masters.add(master);
			}
		}
		masters.sort(Comparator.comparingInt(Master::sequence));
		return masters;
	}

	/**
	 * Whether a child's name makes it a group member (it ends in a sequence number), so
	 * its data is worth reading. Members with labels that are not a master's are read and
	 * then skipped with a warning, as Mesos would complain about them too.
	 * @param name the child's name
	 * @return whether the name ends in a sequence number
	 */
	public static boolean isMember(String name) {
		return Name.parse(name) != null;
	}

	private @Nullable Master decode(ZNode child) {
		Name name = Name.parse(child.name());
		if (name == null) {
			return null;
		}
		MasterFormat format = MasterFormat.forLabel(name.label());
		if (format == null) {
			warnOnce(child.name(), "Skipping znode {}: label '{}' is not a Mesos master's", child.name(), name.label());
			return null;
		}
		try {
			return new Master(child.name(), name.sequence(), format, MasterInfoCodec.decode(format, child.data()));
		}
		catch (MasterInfoDecodingException ex) {
			warnOnce(child.name(), "Skipping master znode {}: {}", child.name(), ex.getMessage());
			return null;
		}
	}

	private void warnOnce(String znode, String message, @Nullable Object... arguments) {
		if (this.warned.add(znode)) {
			logger.warn(message, arguments);
		}
	}

	/**
	 * Forgets the warnings for znodes that are gone, so the set stays small.
	 * @param present the names still present
	 */
	public void retain(Set<String> present) {
		this.warned.retainAll(present);
	}

	record Name(@Nullable String label, int sequence) {

		static @Nullable Name parse(String name) {
			int underscore = name.lastIndexOf('_');
			String token = name.substring(underscore + 1);
			if (token.isEmpty() || !token.matches("-?[0-9]+")) {
				return null;
			}
			int sequence;
			try {
				sequence = Integer.parseInt(token);
			}
			catch (NumberFormatException ex) {
				return null;
			}
			return new Name((underscore < 0) ? null : name.substring(0, underscore), sequence);
		}

	}

}
