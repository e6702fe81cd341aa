package io.cairn.mesos.master;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cairn.mesos.zk.HostPort;
import org.jspecify.annotations.Nullable;

/**
 * A Mesos master as it describes itself ({@code MasterInfo} in {@code mesos.proto}),
 * whichever znode generation it came from. Serialises to the JSON Mesos writes, so the
 * {@code mesos-leader} command prints what zk-mesos printed.
 * <p>
 * Prefer {@link #ipAddress()}, {@link #hostName()}, {@link #httpPort()} and
 * {@link #url(HostField)} to the raw fields: they apply the fallbacks every generation
 * needs ({@code address} first; the deprecated fields, the PID and the legacy {@code ip}
 * integer after).
 *
 * @param id the master's id
 * @param ip the deprecated IPv4 integer exactly as stored: network byte order read as a
 * host-order (little-endian) unsigned 32-bit value, so 127.0.0.1 is 16777343; 0 if absent
 * @param port the deprecated port field (default 5050)
 * @param pid the libprocess PID, {@code master@ip:port}
 * @param hostname the deprecated host name field
 * @param version the Mesos version (0.24 and later)
 * @param address the preferred address (0.24 and later)
 * @param domain the fault domain (1.5 and later)
 * @param capabilities the master's capabilities by name (1.6 and later)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// Mesos writes fields in name order (JSON::protobuf via a sorted map); so do we.
@JsonPropertyOrder({ "address", "capabilities", "domain", "hostname", "id", "ip", "pid", "port", "version" })
public record MasterInfo(String id, long ip, int port, @Nullable String pid, @Nullable String hostname,
		@Nullable String version, @Nullable Address address, @Nullable Domain domain, List<Capability> capabilities) {

	public MasterInfo {
		// Absent in JSON from older masters.
		capabilities = (capabilities != null) ? List.copyOf(capabilities) : List.of();
	}

	/**
	 * The IP address to reach the master on: {@code address.ip}, else the address in the
	 * PID, else the legacy {@code ip} integer decoded.
	 * @return the IP address, or {@code null} if the master gave none
	 */
	@JsonIgnore
	public @Nullable String ipAddress() {
		if (this.address != null && hasText(this.address.ip())) {
			return this.address.ip();
		}
		HostPort fromPid = pidAddress();
		if (fromPid != null) {
			return fromPid.host();
		}
		return (this.ip != 0) ? decodeLegacyIp(this.ip) : null;
	}

	/**
	 * The master's host name: {@code address.hostname}, else {@code hostname}, else
	 * {@link #ipAddress()}. It may not resolve outside the cluster.
	 * @return the host name, or {@code null} if the master gave neither name nor address
	 */
	@JsonIgnore
	public @Nullable String hostName() {
		if (this.address != null && hasText(this.address.hostname())) {
			return this.address.hostname();
		}
		if (hasText(this.hostname)) {
			return this.hostname;
		}
		return ipAddress();
	}

	/**
	 * The port the master serves HTTP on: {@code address.port}, else {@code port}, else
	 * the PID's port.
	 * @return the port
	 */
	@JsonIgnore
	public int httpPort() {
		if (this.address != null && this.address.port() > 0) {
			return this.address.port();
		}
		if (this.port > 0) {
			return this.port;
		}
		HostPort fromPid = pidAddress();
		return (fromPid != null) ? fromPid.port() : 5050;
	}

	/**
	 * The master's HTTP base URL, built from one host field.
	 * @param field which host field to use
	 * @return {@code http://host:port}
	 * @throws IllegalStateException if the master gave no usable host
	 */
	public URI url(HostField field) {
		return url(field, "http");
	}

	/**
	 * The master's base URL with the given scheme (for masters serving HTTPS).
	 * @param field which host field to use
	 * @param scheme {@code http} or {@code https}
	 * @return {@code scheme://host:port}
	 * @throws IllegalStateException if the master gave no host
	 * @throws IllegalArgumentException if the host is no host name or IP address (never
	 * for a master read by {@link MasterInfoCodec}, which refuses such data)
	 */
	public URI url(HostField field, String scheme) {
		String host = (field == HostField.IP) ? ipAddress() : hostName();
		if (host == null) {
			throw new IllegalStateException("master " + this.id + " has no usable " + field.name().toLowerCase());
		}
		return URI.create(scheme + "://" + new HostPort(host, httpPort()));
	}

	/**
	 * The address in the PID ({@code master@ip:port}), if it parses.
	 * @return the PID's host and port, or {@code null}
	 */
	@JsonIgnore
	public @Nullable HostPort pidAddress() {
		return (this.pid != null) ? Upid.address(this.pid) : null;
	}

	/**
	 * Decodes the legacy {@code ip} field: the four address bytes in network order,
	 * stored as a host-order (little-endian on x86) integer (MESOS-1201).
	 * @param ip the raw value, unsigned
	 * @return the dotted quad
	 */
	public static String decodeLegacyIp(long ip) {
		return (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 24) & 0xff);
	}

	/**
	 * Encodes a dotted quad the way Mesos stores the legacy {@code ip} field.
	 * @param dottedQuad an IPv4 address
	 * @return the raw value, unsigned
	 * @throws IllegalArgumentException if the text is not an IPv4 address
	 */
	public static long encodeLegacyIp(String dottedQuad) {
		String[] parts = dottedQuad.split("\\.", -1);
		if (parts.length != 4) {
			throw new IllegalArgumentException("'" + dottedQuad + "' is not an IPv4 address");
		}
		long value = 0;
		for (int i = 3; i >= 0; i--) {
			int octet = Integer.parseInt(parts[i]);
			if (octet < 0 || octet > 255) {
				throw new IllegalArgumentException("'" + dottedQuad + "' is not an IPv4 address");
			}
			value = (value << 8) | octet;
		}
		return value;
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * {@code MasterInfo.address}: the preferred way a master says where it is.
	 *
	 * @param hostname the host name, if any
	 * @param ip the IP address (IPv4 or IPv6), if any
	 * @param port the port
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "hostname", "ip", "port" })
	public record Address(@Nullable String hostname, @Nullable String ip, int port) {
	}

	/**
	 * {@code MasterInfo.domain}: the master's fault domain.
	 *
	 * @param faultDomain the region and zone
	 */
	public record Domain(@JsonProperty("fault_domain") @Nullable FaultDomain faultDomain) {

		/**
		 * A region and zone.
		 *
		 * @param region the region
		 * @param zone the zone
		 */
		public record FaultDomain(Named region, Named zone) {
		}

		/**
		 * A named region or zone.
		 *
		 * @param name the name
		 */
		public record Named(String name) {
		}

	}

	/**
	 * A master capability, by its enum name ({@code AGENT_UPDATE}, {@code QUOTA_V2}...).
	 *
	 * @param type the capability name ({@code UNKNOWN} for numbers this code does not
	 * know)
	 */
	public record Capability(String type) {
	}

}
