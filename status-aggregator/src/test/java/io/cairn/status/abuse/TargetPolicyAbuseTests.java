package io.cairn.status.abuse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.status.config.StatusProperties;
import io.cairn.status.security.AddressResolver;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.TargetPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The review's target-policy gaps (security.md M7): names that escape the deny list,
 * allowed names that reach loopback, and IPv6 forms that carry an IPv4 address past the
 * loopback and private switches.
 */
class TargetPolicyAbuseTests {

	/** Host names of a small estate, resolved without DNS. */
	private static final AddressResolver ESTATE = (host) -> {
		String address = Map
			.of("vault.internal", "10.0.0.9", "secrets.internal", "10.0.0.9", "status.internal", "10.0.0.7",
					"evil.example.com", "127.0.0.1", "status.example.com", "10.1.0.5")
			.get(host);
		if (address == null) {
			throw new UnknownHostException(host);
		}
		return new InetAddress[] { InetAddress.getByName(address) };
	};

	@Test
	void m7TrailingDotOrCaseDoesNotEscapeTheDenyList() {
		TargetPolicy policy = policy(true, true, List.of(), List.of("vault.internal"));
		for (String url : new String[] { "http://vault.internal/v1/sys/health", "http://vault.internal./v1/sys/health",
				"http://VAULT.Internal./v1/sys/health" }) {
			assertThatExceptionOfType(ForbiddenTargetException.class).as(url)
				.isThrownBy(() -> policy.checkUrl(url))
				.withMessageContaining("cairn.status.security.deny");
		}
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> policy.resolve("vault.internal."));
		// a trailing dot in the list means the same name
		TargetPolicy dotted = policy(true, true, List.of(), List.of("vault.internal."));
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> dotted.checkUrl("http://vault.internal/"));
	}

	@Test
	void m7DeniedNameAlsoDeniesItsAddresses() throws Exception {
		TargetPolicy policy = policy(true, true, List.of(), List.of("vault.internal"));
		// another name for the same host, and its address
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> policy.resolve("secrets.internal"))
			.withMessageContaining("cairn.status.security.deny");
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> policy.checkUrl("http://10.0.0.9:8200/v1/sys/health"));
		assertThatExceptionOfType(ForbiddenTargetException.class)
			.isThrownBy(() -> policy.checkUrl("http://[::ffff:10.0.0.9]:8200/"));
		// other hosts are not affected
		assertThat(policy.resolve("status.internal")).containsExactly(InetAddress.getByName("10.0.0.7"));
	}

	@Test
	void m7AllowedNameDoesNotLiftTheLoopbackOrPrivateSwitch() throws Exception {
		TargetPolicy byName = policy(false, false, List.of("*.example.com"), List.of());
		// an attacker-influenced name under an allowed domain pointing at loopback
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> byName.resolve("evil.example.com"))
			.withMessageContaining("allow-loopback");
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> byName.resolve("status.example.com"))
			.withMessageContaining("allow-private");
		// a listed range is the operator's decision about those addresses
		TargetPolicy byRange = policy(false, false, List.of("*.example.com", "10.1.0.0/16"), List.of());
		assertThat(byRange.resolve("status.example.com")).containsExactly(InetAddress.getByName("10.1.0.5"));
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> byRange.resolve("evil.example.com"));
	}

	@Test
	void m7Ipv4CarriedInIpv6IsJudgedAsIpv4() {
		TargetPolicy strict = policy(false, false, List.of(), List.of());
		for (String url : new String[] { "http://[::127.0.0.1]/", "http://[::7f00:1]/", "http://[::ffff:0:127.0.0.1]/",
				"http://[2002:7f00:1::]/", "http://[64:ff9b::127.0.0.1]/", "http://[::10.0.0.5]/",
				"http://[2002:a00:5::1]/", "http://[::ffff:0:10.0.0.5]/", "http://[fec0::1]/" }) {
			assertThatExceptionOfType(ForbiddenTargetException.class).as(url).isThrownBy(() -> strict.checkUrl(url));
		}
		// forms whose IPv4 address cannot be known, and metadata through 6to4, are
		// refused
		// whatever the switches say
		TargetPolicy open = policy(true, true, List.of(), List.of());
		for (String url : new String[] { "http://[64:ff9b:1::a9fe:a9fe]/",
				"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[2002:a9fe:a9fe::]/",
				"http://[::169.254.169.254]/" }) {
			assertThatExceptionOfType(ForbiddenTargetException.class).as(url).isThrownBy(() -> open.checkUrl(url));
		}
		// ::1 is loopback, :: is unspecified, as before
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> strict.checkUrl("http://[::1]/"))
			.withMessageContaining("allow-loopback");
		assertThatExceptionOfType(ForbiddenTargetException.class).isThrownBy(() -> open.checkUrl("http://[::]/"));
	}

	private static TargetPolicy policy(boolean loopback, boolean privateNetworks, List<String> allow,
			List<String> deny) {
		return new TargetPolicy(new StatusProperties.Security(loopback, privateNetworks, allow, deny), ESTATE);
	}

}
