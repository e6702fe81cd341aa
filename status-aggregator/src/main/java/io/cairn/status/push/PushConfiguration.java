package io.cairn.status.push;

import java.time.Clock;

import io.cairn.support.security.WriteProtectionExemption;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires pushed checks: their stored reports, the probe that applies TTLs, and the report
 * endpoint's own token rule.
 */
@Configuration(proxyBeanMethods = false)
public class PushConfiguration {

	/** The path a service reports to: {@code POST /checks/{id}/report}. */
	public static final String REPORT_SUFFIX = "/report";

	@Bean
	PushReports pushReports(JdbcClient jdbc) {
		return new PushReports(jdbc);
	}

	@Bean
	PushProbe pushProbe(PushReports reports, Clock clock) {
		return new PushProbe(reports, clock);
	}

	/**
	 * Reports carry their check's push token as a bearer token, which the write policy's
	 * filter would refuse as a wrong write token: the report endpoint applies the policy
	 * itself (the push token, or else the write policy as for any write).
	 * @return the exemption for {@code POST /checks/{id}/report}
	 */
	@Bean
	WriteProtectionExemption pushReportExemption() {
		return (request) -> "POST".equals(request.getMethod()) && isReportPath(request.getRequestURI());
	}

	static boolean isReportPath(String path) {
		if (!path.startsWith("/checks/") || !path.endsWith(REPORT_SUFFIX)) {
			return false;
		}
		String id = path.substring("/checks/".length(), path.length() - REPORT_SUFFIX.length());
		return !id.isEmpty() && id.indexOf('/') < 0;
	}

}
