package io.cairn.consul.model.agent;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A member of the gossip pool ({@code /agent/members}).
 *
 * @param name the node name
 * @param addr the address
 * @param port the gossip port
 * @param tags the member tags ({@code role}, {@code dc}, ...)
 * @param status the Serf status (1 alive, 2 leaving, 3 left, 4 failed)
 * @param protocolMin the lowest protocol supported
 * @param protocolMax the highest protocol supported
 * @param protocolCur the protocol in use
 * @param delegateMin the lowest delegate protocol
 * @param delegateMax the highest delegate protocol
 * @param delegateCur the delegate protocol in use
 */
public record Member(String name, @Nullable String addr, int port, @Nullable Map<String, String> tags, int status,
		int protocolMin, int protocolMax, int protocolCur, int delegateMin, int delegateMax, int delegateCur) {

	/**
	 * Whether the member is alive.
	 * @return {@code true} for Serf status 1
	 */
	public boolean isAlive() {
		return this.status == 1;
	}

}
