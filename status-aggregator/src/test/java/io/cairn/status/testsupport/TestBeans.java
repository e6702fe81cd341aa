package io.cairn.status.testsupport;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.cairn.status.security.AddressResolver;
import io.cairn.support.test.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The test doubles every test context uses: a clock tests move, and host names that
 * resolve without DNS ({@code good.test} to loopback, {@code evil.test} to the cloud
 * metadata address, and {@code blackhole.test}, whose lookup never answers until
 * {@link #DNS_BLACKHOLE} is released, as a zone whose name servers drop queries).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

	/** 2026-11-22T14:13:35Z, the instant of Megaphone's observed answers. */
	public static final Instant START = Instant.parse("2026-11-22T14:13:35Z");

	/** One clock per JVM, shared by every context so replicas agree on the time. */
	public static final MutableClock CLOCK = new MutableClock(START);

	/** Holds every lookup of {@code blackhole.test} until released. */
	public static final CountDownLatch DNS_BLACKHOLE = new CountDownLatch(1);

	@Bean
	@Primary
	Clock testClock() {
		return CLOCK;
	}

	@Bean
	AddressResolver testResolver() {
		Map<String, String> names = Map.of("good.test", "127.0.0.1", "evil.test", "169.254.169.254");
		return (host) -> {
			if (host.equals("blackhole.test")) {
				try {
					DNS_BLACKHOLE.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new java.net.UnknownHostException(host);
			}
			String address = names.get(host);
			if (address != null) {
				return new InetAddress[] { InetAddress.getByName(address) };
			}
			return InetAddress.getAllByName(host);
		};
	}

}
