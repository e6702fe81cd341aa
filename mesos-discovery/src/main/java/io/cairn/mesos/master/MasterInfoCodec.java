package io.cairn.mesos.master;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.cairn.mesos.master.MasterInfo.Address;
import io.cairn.mesos.master.MasterInfo.Capability;
import io.cairn.mesos.master.MasterInfo.Domain;
import io.cairn.mesos.master.ProtobufReader.MalformedProtobufException;
import io.cairn.mesos.zk.HostPort;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads MasterInfo from each znode generation and writes it as Mesos' JSON.
 * <p>
 * Reading is lenient where Mesos itself changed over time (unknown fields are ignored,
 * deprecated fields may be missing) and strict where it matters: data that is not a
 * MasterInfo at all, is truncated, or gives no usable way to reach the master (no host, a
 * host that is no host name or IP address, a port outside 0-65535) is refused with a
 * {@link MasterInfoDecodingException}, so that a master that decodes always yields its
 * URLs and nothing downstream meets a bad address.
 */
public final class MasterInfoCodec {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_PORT = 65535;

	private static final String[] CAPABILITIES = { "UNKNOWN", "AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2" };

	private MasterInfoCodec() {
	}

	/**
	 * Decodes a master znode's data in the given format.
	 * @param format the format, from the znode's label
	 * @param data the znode's data
	 * @return the master's info
	 * @throws MasterInfoDecodingException if the data is not a usable MasterInfo
	 */
	public static MasterInfo decode(MasterFormat format, byte[] data) {
		MasterInfo info = switch (format) {
			case JSON -> decodeJson(data);
			case PROTOBUF -> decodeProtobuf(data);
			case PID -> decodePid(data);
		};
		if (info.ipAddress() == null && info.hostName() == null) {
			throw new MasterInfoDecodingException("the MasterInfo gives no address, host name, PID or IP");
		}
		checkHosts(info);
		return info;
	}

	/**
	 * Refuses host fields that are present but cannot be a URL's host. The fallback chain
	 * picks a field per {@link HostField}, so each present one must be usable.
	 */
	private static void checkHosts(MasterInfo info) {
		Address address = info.address();
		if (address != null) {
			checkHost("address.ip", address.ip());
			checkHost("address.hostname", address.hostname());
		}
		checkHost("hostname", info.hostname());
		for (HostField field : HostField.values()) {
			try {
				info.url(field);
			}
			catch (IllegalArgumentException | IllegalStateException ex) {
				throw new MasterInfoDecodingException("no usable URL from the " + field + " field: " + ex.getMessage(),
						ex);
			}
		}
	}

	private static void checkHost(String field, @Nullable String host) {
		if (host != null && !host.isBlank() && !HostPort.isHost(host)) {
			throw new MasterInfoDecodingException(
					field + " '" + printable(host) + "' is not a host name or IP address");
		}
	}

	/**
	 * A host from a znode as it may appear in a log line: short, no control characters.
	 */
	private static String printable(String text) {
		String shortened = (text.length() > 64) ? text.substring(0, 64) + "..." : text;
		return shortened.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

	/**
	 * Writes a MasterInfo as the JSON Mesos 0.24+ writes to ZooKeeper.
	 * @param info the master info
	 * @return the JSON text
	 */
	public static String toJson(MasterInfo info) {
		return JSON.writeValueAsString(info);
	}

	static MasterInfo decodeJson(byte[] data) {
		JsonNode root;
		try {
			root = JSON.readTree(data);
		}
		catch (JacksonException ex) {
			throw new MasterInfoDecodingException("not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || !root.isObject()) {
			throw new MasterInfoDecodingException("not a JSON object");
		}
		JsonNode id = root.path("id");
		if (!id.isString() || id.stringValue().isEmpty()) {
			throw new MasterInfoDecodingException("the MasterInfo has no id");
		}
		Address address = null;
		JsonNode addressNode = root.path("address");
		if (addressNode.isObject()) {
			address = new Address(text(addressNode, "hostname"), text(addressNode, "ip"),
					port(addressNode, "address.port"));
		}
		Domain domain = null;
		JsonNode faultDomain = root.path("domain").path("fault_domain");
		if (faultDomain.isObject()) {
			domain = new Domain(
					new Domain.FaultDomain(new Domain.Named(faultDomain.path("region").path("name").asString("")),
							new Domain.Named(faultDomain.path("zone").path("name").asString(""))));
		}
		List<Capability> capabilities = new ArrayList<>();
		for (JsonNode capability : root.path("capabilities")) {
			JsonNode type = capability.path("type");
			capabilities.add(new Capability(type.isNumber() ? capabilityName(type.asInt()) : type.asString("UNKNOWN")));
		}
		return new MasterInfo(id.stringValue(), root.path("ip").asLong(0) & 0xffffffffL, port(root, "port"),
				text(root, "pid"), text(root, "hostname"), text(root, "version"), address, domain, capabilities);
	}

	static MasterInfo decodeProtobuf(byte[] data) {
		try {
			return readMasterInfo(new ProtobufReader(data));
		}
		catch (MalformedProtobufException ex) {
			throw new MasterInfoDecodingException("not a MasterInfo protobuf: " + ex.getMessage(), ex);
		}
	}

	static MasterInfo decodePid(byte[] data) {
		String pid = new String(data, StandardCharsets.UTF_8).trim();
		HostPort address = Upid.address(pid);
		if (address == null) {
			throw new MasterInfoDecodingException("not a master PID (expected master@ip:port)");
		}
		long ip = 0;
		try {
			ip = MasterInfo.encodeLegacyIp(address.host());
		}
		catch (IllegalArgumentException ex) {
			// A host name in the PID: leave the legacy integer unset.
		}
		return new MasterInfo(pid, ip, address.port(), pid, null, null, null, null, List.of());
	}

	private static MasterInfo readMasterInfo(ProtobufReader in) {
		String id = null;
		long ip = -1;
		int port = -1;
		String pid = null;
		String hostname = null;
		String version = null;
		Address address = null;
		Domain domain = null;
		List<Capability> capabilities = new ArrayList<>();
		while (!in.atEnd()) {
			int tag = in.readTag();
			switch (tag >>> 3) {
				case 1 -> id = readString(in, tag);
				case 2 -> {
					ProtobufReader.expect(tag, ProtobufReader.VARINT);
					ip = in.readVarint() & 0xffffffffL;
				}
				case 3 -> port = readPort(in, tag, "port");
				case 4 -> pid = readString(in, tag);
				case 5 -> hostname = readString(in, tag);
				case 6 -> version = readString(in, tag);
				case 7 -> address = readAddress(message(in, tag));
				case 8 -> domain = readDomain(message(in, tag));
				case 9 -> capabilities.add(readCapability(message(in, tag)));
				default -> in.skip(tag);
			}
		}
		// id, ip and port are required: a message cut at a field boundary before them is
		// refused.
		if (id == null || ip < 0 || port < 0) {
			throw new MalformedProtobufException(
					"required field " + ((id == null) ? "id" : (ip < 0) ? "ip" : "port") + " is missing");
		}
		return new MasterInfo(id, ip, port, pid, hostname, version, address, domain, capabilities);
	}

	private static Address readAddress(ProtobufReader in) {
		String hostname = null;
		String ip = null;
		int port = -1;
		while (!in.atEnd()) {
			int tag = in.readTag();
			switch (tag >>> 3) {
				case 1 -> hostname = readString(in, tag);
				case 2 -> ip = readString(in, tag);
				case 3 -> port = readPort(in, tag, "address.port");
				default -> in.skip(tag);
			}
		}
		if (port < 0) {
			throw new MalformedProtobufException("required field address.port is missing");
		}
		return new Address(hostname, ip, port);
	}

	private static Domain readDomain(ProtobufReader in) {
		Domain.FaultDomain faultDomain = null;
		while (!in.atEnd()) {
			int tag = in.readTag();
			if ((tag >>> 3) == 1) {
				ProtobufReader fault = message(in, tag);
				String region = "";
				String zone = "";
				while (!fault.atEnd()) {
					int inner = fault.readTag();
					switch (inner >>> 3) {
						case 1 -> region = readName(message(fault, inner));
						case 2 -> zone = readName(message(fault, inner));
						default -> fault.skip(inner);
					}
				}
				faultDomain = new Domain.FaultDomain(new Domain.Named(region), new Domain.Named(zone));
			}
			else {
				in.skip(tag);
			}
		}
		return new Domain(faultDomain);
	}

	private static String readName(ProtobufReader in) {
		String name = "";
		while (!in.atEnd()) {
			int tag = in.readTag();
			if ((tag >>> 3) == 1) {
				name = readString(in, tag);
			}
			else {
				in.skip(tag);
			}
		}
		return name;
	}

	private static Capability readCapability(ProtobufReader in) {
		int type = 0;
		while (!in.atEnd()) {
			int tag = in.readTag();
			if ((tag >>> 3) == 1) {
				ProtobufReader.expect(tag, ProtobufReader.VARINT);
				type = (int) in.readVarint();
			}
			else {
				in.skip(tag);
			}
		}
		return new Capability(capabilityName(type));
	}

	/** A port varint, refused outside 0-65535 rather than cut to an int. */
	private static int readPort(ProtobufReader in, int tag, String field) {
		ProtobufReader.expect(tag, ProtobufReader.VARINT);
		long port = in.readVarint();
		if (port < 0 || port > MAX_PORT) {
			throw new MalformedProtobufException(field + " " + port + " is not a port (0-65535)");
		}
		return (int) port;
	}

	private static String readString(ProtobufReader in, int tag) {
		ProtobufReader.expect(tag, ProtobufReader.LENGTH_DELIMITED);
		return in.readString();
	}

	private static ProtobufReader message(ProtobufReader in, int tag) {
		ProtobufReader.expect(tag, ProtobufReader.LENGTH_DELIMITED);
		return in.readMessage();
	}

	private static String capabilityName(int number) {
		return (number >= 0 && number < CAPABILITIES.length) ? CAPABILITIES[number] : "UNKNOWN";
	}

	/** A port field: absent is 0 (the next field in the fallback chain decides). */
	private static int port(JsonNode node, String field) {
		JsonNode value = node.path(field.substring(field.lastIndexOf('.') + 1));
		if (value.isMissingNode() || value.isNull()) {
			return 0;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0
				|| value.intValue() > MAX_PORT) {
			throw new MasterInfoDecodingException(
					field + " " + printable(value.toString()) + " is not a port (0-65535)");
		}
		return value.intValue();
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

}
