package io.cairn.status.security;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.status.config.StatusProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TargetPolicyTests {

	private final TargetPolicy defaults = policy(true, true, List.of(), List.of());

	@Test
	void onlyHttpAndHttpsWithoutUserInfo() throws Exception {
		assertThat(this.defaults.checkUrl("http://127.0.0.1:8080/status").getPort()).isEqualTo(8080);
		assertThat(this.defaults.checkUrl("https://10.1.2.3/status").getHost()).isEqualTo("10.1.2.3");
		for (String url : new String[] { "file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/",
				"jar:file:/x!/y", "http://user:secret@127.0.0.1/status", "http:///nohost", "not a url", "//x/y" }) {
			assertThatExceptionOfType(ForbiddenTargetException.class).as(url)
				.isThrownBy(() -> this.defaults.checkUrl(url));
		}
	}

	@Test
	void linkLocalMetadataMulticastAndUnspecifiedAreAlwaysRefused() {
		for (String url : new String[] { "http://169.254.169.254/latest/meta-data/", "http://169.254.1.1/",
				"http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://224.0.0.1/",
				"http://[ff02::1]/", "http://0.0.0.0/", "http://[::]/", "http://[::ffff:169.254.169.254]/",
				"http://[64:ff9b::a9fe:a9fe]/", "http://255.255.255.255/" }) {
			assertThatExceptionOfType(ForbiddenTargetException.class).as(url)
				.isThrownBy(() -> this.defaults.checkUrl(url));
		}
		TargetPolicy allowAll = policy(true, true, List.of("0.0.0.0/0", "::/0"), List.of());
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> allowAll.checkUrl("http://169.254.169.254/"));
	}

	@Test
	void loopbackAndPrivateAreSwitches() throws Exception {
		TargetPolicy strict = policy(false, false, List.of(), List.of());
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> strict.checkUrl("http://127.0.0.1/"));
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> strict.checkUrl("http://[::1]/"));
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> strict.checkUrl("http://192.168.1.1/"));
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> strict.checkUrl("http://[fd12::1]/"));
		assertThat(strict.checkUrl("http://8.8.8.8/").getHost()).isEqualTo("8.8.8.8");
		assertThat(this.defaults.checkUrl("http://172.20.0.5/").getHost()).isEqualTo("172.20.0.5");
	}

	@Test
	void allowAndDenyLists() throws Exception {
		TargetPolicy lists = policy(true, true, List.of("10.1.0.0/16", "*.example.com", "status.internal"),
				List.of("10.1.9.0/24", "bad.example.com"));
		assertThat(lists.checkUrl("http://10.1.2.3/").getHost()).isEqualTo("10.1.2.3");
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> lists.checkUrl("http://10.1.9.3/"))
			.withMessageContaining("denied");
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> lists.checkUrl("http://10.2.0.1/"))
			.withMessageContaining("not in cairn.status.security.allow");
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> lists.checkUrl("http://bad.example.com/"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> policy(true, true, List.of("10.0.0.0/99"), List.of()));
	}

	@Test
	void everyResolvedAddressMustPass() throws Exception {
		AddressResolver resolver = (host) -> switch (host) {
			case "mixed.test" ->
				new InetAddress[] { InetAddress.getByName("10.0.0.1"), InetAddress.getByName("169.254.169.254") };
			case "fine.test" -> new InetAddress[] { InetAddress.getByName("10.0.0.1") };
			default -> throw new java.net.UnknownHostException(host);
		};
		TargetPolicy policy = new TargetPolicy(new StatusProperties.Security(true, true, List.of(), List.of()),
				resolver);
		assertThat(policy.resolve("fine.test")).containsExactly(InetAddress.getByName("10.0.0.1"));
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> policy.resolve("mixed.test"));
		// The name passes the URL check (it is not resolved then); the connection cannot.
		assertThat(policy.checkUrl("http://mixed.test/").getHost()).isEqualTo("mixed.test");
	}

	private static TargetPolicy policy(boolean loopback, boolean privateNetworks, List<String> allow,
			List<String> deny) {
		return new TargetPolicy(new StatusProperties.Security(loopback, privateNetworks, allow, deny),
				AddressResolver.SYSTEM);
	}

}
