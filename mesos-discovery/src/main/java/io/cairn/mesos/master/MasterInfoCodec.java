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
 * MasterInfo at all, is truncated, or gives no way to reach the master is refused with a
 * {@link MasterInfoDecodingException}.
 */
public final class MasterInfoCodec {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
		return info;
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
					addressNode.path("port").asInt(0));
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
		return new MasterInfo(id.stringValue(), root.path("ip").asLong(0) & 0xffffffffL, root.path("port").asInt(0),
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
				case 3 -> {
					ProtobufReader.expect(tag, ProtobufReader.VARINT);
					port = (int) in.readVarint();
				}
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
				case 3 -> {
					ProtobufReader.expect(tag, ProtobufReader.VARINT);
					port = (int) in.readVarint();
				}
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

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

}
