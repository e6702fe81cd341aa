package io.cairn.testkit.mesos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.google.protobuf.CodedOutputStream;

/**
 * What a simulated master says about itself, and the bytes each Mesos generation writes
 * for it.
 *
 * @param id the master id
 * @param ip the IPv4 address
 * @param port the HTTP port
 * @param hostname the host name
 * @param version the Mesos version string
 */
public record MasterSpec(String id, String ip, int port, String hostname, String version) {

	/**
	 * A master on 127.0.0.1 with the given port and host name.
	 * @param port the port
	 * @param hostname the host name
	 * @return the spec
	 */
	public static MasterSpec local(int port, String hostname) {
		return new MasterSpec(UUID.randomUUID().toString(), "127.0.0.1", port, hostname, "1.11.0");
	}

	/**
	 * The legacy {@code ip} field: network-order bytes read as a little-endian unsigned
	 * integer (127.0.0.1 is 16777343).
	 * @return the value
	 */
	public long legacyIp() {
		String[] parts = this.ip.split("\\.");
		return Long.parseLong(parts[0]) | (Long.parseLong(parts[1]) << 8) | (Long.parseLong(parts[2]) << 16)
				| (Long.parseLong(parts[3]) << 24);
	}

	/**
	 * The libprocess PID.
	 * @return {@code master@ip:port}
	 */
	public String pid() {
		return "master@" + this.ip + ":" + this.port;
	}

	/**
	 * The JSON Mesos 0.24+ writes ({@code JSON::protobuf(MasterInfo)}: proto field names,
	 * every set field).
	 * @return the JSON as a string
	 */
	public String json() {
		return "{\"address\":{\"hostname\":\"" + this.hostname + "\",\"ip\":\"" + this.ip + "\",\"port\":" + this.port
				+ "},\"hostname\":\"" + this.hostname + "\",\"id\":\"" + this.id + "\",\"ip\":" + legacyIp()
				+ ",\"pid\":\"" + pid() + "\",\"port\":" + this.port + ",\"version\":\"" + this.version
				+ "\",\"capabilities\":[{\"type\":\"AGENT_UPDATE\"}]}";
	}

	/**
	 * The binary MasterInfo Mesos 0.17 to 0.23 writes, encoded with protobuf's own
	 * {@link CodedOutputStream} from the field numbers of {@code mesos.proto}: id = 1, ip
	 * = 2 (uint32), port = 3 (uint32), pid = 4, hostname = 5; {@code address} (7) arrived
	 * with 0.24, so 0.23 masters did not write it.
	 * @return the bytes
	 */
	public byte[] protobuf() {
		return protobuf(false);
	}

	/**
	 * The binary MasterInfo, optionally with the fields later masters add
	 * ({@code version} = 6, {@code address} = 7, and an unknown field 99 a reader must
	 * skip).
	 * @param withLaterFields whether to add them
	 * @return the bytes
	 */
	public byte[] protobuf(boolean withLaterFields) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		CodedOutputStream out = CodedOutputStream.newInstance(bytes);
		try {
			out.writeString(1, this.id);
			out.writeUInt32(2, (int) legacyIp());
			out.writeUInt32(3, this.port);
			out.writeString(4, pid());
			out.writeString(5, this.hostname);
			if (withLaterFields) {
				out.writeString(6, this.version);
				ByteArrayOutputStream addressBytes = new ByteArrayOutputStream();
				CodedOutputStream address = CodedOutputStream.newInstance(addressBytes);
				address.writeString(1, this.hostname);
				address.writeString(2, this.ip);
				address.writeInt32(3, this.port);
				address.flush();
				out.writeByteArray(7, addressBytes.toByteArray());
				out.writeString(99, "a field from the future");
			}
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The data for a given generation.
	 * @param generation the generation
	 * @return the bytes that generation writes
	 */
	public byte[] data(MasterGeneration generation) {
		return switch (generation) {
			case JSON -> json().getBytes(StandardCharsets.UTF_8);
			case PROTOBUF -> protobuf();
			case PID -> pid().getBytes(StandardCharsets.UTF_8);
		};
	}

}
