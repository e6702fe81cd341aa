package io.cairn.consul.model.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import io.cairn.duration.GoDuration;

/**
 * The body of {@code PUT /agent/check/register} (and a check inside a service
 * registration). Durations are Go durations ({@code 10s}). Build one with {@link #ttl},
 * {@link #http} or {@link #tcp}, then adjust with the {@code with...} methods.
 *
 * @param id the check ID (defaults to the name)
 * @param name the check name
 * @param notes human notes
 * @param serviceId the local service this check belongs to
 * @param status the initial status ({@code passing}, {@code warning}, {@code critical})
 * @param ttl for a TTL check: how long a status stays valid without an update
 * @param interval how often the agent runs an HTTP, TCP, UDP, gRPC or script check
 * @param timeout the check's own timeout
 * @param http the URL of an HTTP check
 * @param method the HTTP method of an HTTP check
 * @param header headers of an HTTP check
 * @param body the body of an HTTP check
 * @param tcp the {@code host:port} of a TCP check
 * @param udp the {@code host:port} of a UDP check
 * @param grpc the endpoint of a gRPC check
 * @param grpcUseTls whether the gRPC check uses TLS
 * @param h2ping the address of an HTTP/2 ping check
 * @param args the command of a script check
 * @param dockerContainerId the container of a Docker check
 * @param shell the shell of a Docker check
 * @param osService the OS service of an OS service check
 * @param aliasNode the node of an alias check
 * @param aliasService the service of an alias check
 * @param tlsServerName the SNI name
 * @param tlsSkipVerify whether to skip TLS verification
 * @param deregisterCriticalServiceAfter deregister the service after it has been critical
 * this long
 * @param successBeforePassing consecutive successes before passing
 * @param failuresBeforeWarning consecutive failures before warning
 * @param failuresBeforeCritical consecutive failures before critical
 */
public record CheckRegistration(@JsonProperty("ID") @Nullable String id, String name, @Nullable String notes,
		@JsonProperty("ServiceID") @Nullable String serviceId, @Nullable String status,
		@JsonProperty("TTL") @Nullable String ttl, @Nullable String interval, @Nullable String timeout,
		@JsonProperty("HTTP") @Nullable String http, @Nullable String method,
		@Nullable Map<String, List<String>> header, @Nullable String body, @JsonProperty("TCP") @Nullable String tcp,
		@JsonProperty("UDP") @Nullable String udp, @JsonProperty("GRPC") @Nullable String grpc,
		@JsonProperty("GRPCUseTLS") @Nullable Boolean grpcUseTls, @JsonProperty("H2PING") @Nullable String h2ping,
		@Nullable List<String> args, @JsonProperty("DockerContainerID") @Nullable String dockerContainerId,
		@Nullable String shell, @JsonProperty("OSService") @Nullable String osService, @Nullable String aliasNode,
		@Nullable String aliasService, @JsonProperty("TLSServerName") @Nullable String tlsServerName,
		@JsonProperty("TLSSkipVerify") @Nullable Boolean tlsSkipVerify, @Nullable String deregisterCriticalServiceAfter,
		@Nullable Integer successBeforePassing, @Nullable Integer failuresBeforeWarning,
		@Nullable Integer failuresBeforeCritical) {

	/**
	 * A TTL check: the application reports its status with pass/warn/fail before the TTL
	 * runs out.
	 * @param id the check ID
	 * @param name the name
	 * @param ttl the TTL
	 * @return the check
	 */
	public static CheckRegistration ttl(String id, String name, Duration ttl) {
		return new CheckRegistration(id, name, null, null, null, GoDuration.format(ttl), null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null);
	}

	/**
	 * An HTTP check run by the agent.
	 * @param id the check ID
	 * @param name the name
	 * @param url the URL to GET
	 * @param interval how often
	 * @return the check
	 */
	public static CheckRegistration http(String id, String name, String url, Duration interval) {
		return new CheckRegistration(id, name, null, null, null, null, GoDuration.format(interval), null, url, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null);
	}

	/**
	 * A TCP check run by the agent.
	 * @param id the check ID
	 * @param name the name
	 * @param hostPort the {@code host:port} to connect to
	 * @param interval how often
	 * @return the check
	 */
	public static CheckRegistration tcp(String id, String name, String hostPort, Duration interval) {
		return new CheckRegistration(id, name, null, null, null, null, GoDuration.format(interval), null, null, null,
				null, null, hostPort, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null);
	}

	/**
	 * The same check attached to a local service.
	 * @param serviceId the service ID
	 * @return a changed copy
	 */
	public CheckRegistration withServiceId(String serviceId) {
		return new CheckRegistration(this.id, this.name, this.notes, serviceId, this.status, this.ttl, this.interval,
				this.timeout, this.http, this.method, this.header, this.body, this.tcp, this.udp, this.grpc,
				this.grpcUseTls, this.h2ping, this.args, this.dockerContainerId, this.shell, this.osService,
				this.aliasNode, this.aliasService, this.tlsServerName, this.tlsSkipVerify,
				this.deregisterCriticalServiceAfter, this.successBeforePassing, this.failuresBeforeWarning,
				this.failuresBeforeCritical);
	}

	/**
	 * The same check with an initial status.
	 * @param status {@code passing}, {@code warning} or {@code critical}
	 * @return a changed copy
	 */
	public CheckRegistration withStatus(String status) {
		return new CheckRegistration(this.id, this.name, this.notes, this.serviceId, status, this.ttl, this.interval,
				this.timeout, this.http, this.method, this.header, this.body, this.tcp, this.udp, this.grpc,
				this.grpcUseTls, this.h2ping, this.args, this.dockerContainerId, this.shell, this.osService,
				this.aliasNode, this.aliasService, this.tlsServerName, this.tlsSkipVerify,
				this.deregisterCriticalServiceAfter, this.successBeforePassing, this.failuresBeforeWarning,
				this.failuresBeforeCritical);
	}

	/**
	 * The same check, deregistering its service after it has been critical this long.
	 * @param after the delay (Consul's minimum is one minute)
	 * @return a changed copy
	 */
	public CheckRegistration withDeregisterCriticalServiceAfter(Duration after) {
		return new CheckRegistration(this.id, this.name, this.notes, this.serviceId, this.status, this.ttl,
				this.interval, this.timeout, this.http, this.method, this.header, this.body, this.tcp, this.udp,
				this.grpc, this.grpcUseTls, this.h2ping, this.args, this.dockerContainerId, this.shell, this.osService,
				this.aliasNode, this.aliasService, this.tlsServerName, this.tlsSkipVerify, GoDuration.format(after),
				this.successBeforePassing, this.failuresBeforeWarning, this.failuresBeforeCritical);
	}

}
