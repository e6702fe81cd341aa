package io.cairn.status.testsupport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A DNS responder on 127.0.0.1 (UDP) answering a fixed zone, messages read and written by
 * dnsjava: A records and TXT records by name, NXDOMAIN for anything else.
 */
public final class DnsResponder implements AutoCloseable {

	private final DatagramSocket socket;

	private final Map<String, List<String>> a;

	private final Map<String, String> txt;

	private final Thread thread;

	/**
	 * Start the responder.
	 * @param a A records by name (with the trailing dot)
	 * @param txt TXT records by name
	 */
	public DnsResponder(Map<String, List<String>> a, Map<String, String> txt) {
		this.a = a;
		this.txt = txt;
		try {
			this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.thread = new Thread(this::serve, "dns-responder");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	private void serve() {
		byte[] buffer = new byte[512];
		while (!this.socket.isClosed()) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.socket.receive(packet);
				Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
				byte[] answer = answer(query).toWire(512);
				this.socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
			}
			catch (IOException ex) {
				// closed, or a packet that is not a DNS message
			}
		}
	}

	private Message answer(Message query) throws IOException {
		Record question = query.getQuestion();
		Message response = new Message(query.getHeader().getID());
		response.getHeader().setFlag(Flags.QR);
		response.getHeader().setFlag(Flags.AA);
		response.addRecord(question, Section.QUESTION);
		Name name = question.getName();
		String key = name.toString();
		if (!this.a.containsKey(key) && !this.txt.containsKey(key)) {
			response.getHeader().setRcode(Rcode.NXDOMAIN);
			return response;
		}
		if (question.getType() == Type.A) {
			for (String address : this.a.getOrDefault(key, List.of())) {
				response.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
			}
		}
		if (question.getType() == Type.TXT && this.txt.containsKey(key)) {
			response.addRecord(new TXTRecord(name, DClass.IN, 60, this.txt.get(key)), Section.ANSWER);
		}
		return response;
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
