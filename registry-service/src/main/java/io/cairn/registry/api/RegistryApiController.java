package io.cairn.registry.api;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.InstanceMetadata;
import io.cairn.registry.domain.InvalidInputException;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.domain.RegistrationOutcome;
import io.cairn.registry.domain.RegistrationRules;
import io.cairn.registry.service.Registry;
import io.cairn.registry.watch.BlockingQuery;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The REST API: services, instances, registration, deregistration. Every read can be a
 * watch: pass the {@code index} of the previous answer and an optional {@code wait}
 * (Consul's blocking-query form, {@code 30s}, {@code 5m}; default 5 minutes, at most 10).
 */
@RestController
@RequestMapping("/v1")
@Tag(name = "Registry", description = "Services, instances and watches")
class RegistryApiController {

	private final Registry registry;

	private final WatchResponder watches;

	private final RegistryProperties properties;

	private final Clock clock;

	RegistryApiController(Registry registry, WatchResponder watches, RegistryProperties properties, Clock clock) {
		this.registry = registry;
		this.watches = watches;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/services")
	@Operation(summary = "List services with their live and total instance counts")
	DeferredResult<ResponseEntity<ServicesView>> services(
			@Parameter(description = "only names matching this glob") @RequestParam(
					required = false) @Nullable String pattern,
			@Parameter(description = "also list services whose instances have all expired") @RequestParam(
					defaultValue = "false") boolean all,
			@Parameter(description = "watch: the index of the previous answer") @RequestParam(
					required = false) @Nullable Long index,
			@Parameter(description = "watch: how long to wait, e.g. 30s") @RequestParam(
					required = false) @Nullable String wait) {
		Glob glob = (pattern != null) ? Glob.compile(pattern) : null;
		return this.watches.respond(blockingQuery(index, wait),
				(current) -> new ServicesView(current, this.registry.services(glob, all)));
	}

	@GetMapping("/services/{name}/instances")
	@Operation(summary = "List one service's instances (names holding '/' use GET /v1/instances?service=)")
	DeferredResult<ResponseEntity<InstancesView>> serviceInstances(@PathVariable String name,
			@RequestParam(defaultValue = "false") boolean all, @RequestParam(required = false) @Nullable Long index,
			@RequestParam(required = false) @Nullable String wait) {
		return instances(Glob.exact(RegistrationRules.serviceName("name", name)), all, index, wait);
	}

	@GetMapping("/instances")
	@Operation(summary = "List instances of the services matching a glob (locate_service over REST), "
			+ "or of one service")
	DeferredResult<ResponseEntity<InstancesView>> instances(
			@Parameter(description = "a glob: *, ?, [abc], [!abc], \\ escapes") @RequestParam(
					required = false) @Nullable String pattern,
			@Parameter(description = "one service's exact name") @RequestParam(
					required = false) @Nullable String service,
			@RequestParam(defaultValue = "false") boolean all, @RequestParam(required = false) @Nullable Long index,
			@RequestParam(required = false) @Nullable String wait) {
		if (pattern != null && service != null) {
			throw new InvalidInputException("service", "Give either 'pattern' or 'service', not both.");
		}
		Glob glob = (service != null) ? Glob.exact(RegistrationRules.serviceName("service", service))
				: Glob.compile((pattern != null) ? pattern : "*");
		return instances(glob, all, index, wait);
	}

	private DeferredResult<ResponseEntity<InstancesView>> instances(Glob glob, boolean all, @Nullable Long index,
			@Nullable String wait) {
		return this.watches.respond(blockingQuery(index, wait), (current) -> new InstancesView(current,
				this.registry.instances(glob, all).stream().map(InstanceView::of).toList()));
	}

	@PutMapping("/instances")
	@Operation(summary = "Register or renew an instance",
			description = "201 when the endpoint is new, 200 otherwise. Needs the bearer token when "
					+ "cairn.security.token is set.")
	ResponseEntity<RegisterResponse> register(@RequestBody RegisterRequest request) {
		if (request.name() == null) {
			throw new InvalidInputException("name", "'name' is required.");
		}
		String name = RegistrationRules.serviceName("name", request.name());
		Endpoint endpoint;
		if (request.url() != null) {
			if (request.host() != null || request.port() != null) {
				throw new InvalidInputException("url", "Give either 'url' or 'host' and 'port', not both.");
			}
			endpoint = RegistrationRules.endpointOf("url", request.url());
		}
		else {
			if (request.host() == null) {
				throw new InvalidInputException("host", "'host' is required (or give a 'url').");
			}
			if (request.port() == null) {
				throw new InvalidInputException("port", "'port' is required (or give a 'url').");
			}
			endpoint = new Endpoint(RegistrationRules.host("host", request.host()),
					RegistrationRules.port("port", request.port()));
		}
		InstanceMetadata metadata = null;
		if (request.tags() != null || request.version() != null || request.labels() != null) {
			metadata = RegistrationRules.metadata("metadata", (request.tags() != null) ? request.tags() : List.of(),
					request.version(), (request.labels() != null) ? request.labels() : java.util.Map.of());
		}
		RegistrationOutcome outcome = this.registry.ping(new Registration(name, endpoint, request.url(), metadata));
		RegisterResponse body = new RegisterResponse(outcome, name, endpoint.host(), endpoint.port());
		if (outcome == RegistrationOutcome.REGISTERED) {
			return ResponseEntity.created(URI.create("/v1/instances?service="
					+ java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)))
				.body(body);
		}
		return ResponseEntity.ok(body);
	}

	@DeleteMapping("/instances")
	@Operation(summary = "Deregister an instance", description = "204 when removed, 404 when the endpoint is not "
			+ "registered under that service. Needs the bearer token when cairn.security.token is set.")
	ResponseEntity<Void> deregister(@RequestParam String service, @RequestParam String host, @RequestParam int port) {
		String name = RegistrationRules.serviceName("service", service);
		Endpoint endpoint = new Endpoint(RegistrationRules.host("host", host), RegistrationRules.port("port", port));
		this.registry.deregister(name, endpoint)
			.orElseThrow(() -> new InstanceNotFoundException(
					endpoint + " is not registered under '" + RegistrationRules.printable(name) + "'."));
		return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
	}

	@GetMapping("/events")
	@Operation(summary = "Recent registrations, moves, expiries and deregistrations, newest first")
	DeferredResult<ResponseEntity<EventsView>> events(
			@Parameter(description = "only this service's events") @RequestParam(
					required = false) @Nullable String service,
			@Parameter(description = "at most this many (1 to 1000)") @RequestParam(defaultValue = "100") int limit,
			@Parameter(description = "only events after this index; with it the request waits for one") @RequestParam(
					required = false) @Nullable Long index,
			@RequestParam(required = false) @Nullable String wait) {
		if (limit < 1 || limit > 1000) {
			throw new InvalidInputException("limit", "'limit' must be between 1 and 1000.");
		}
		String name = (service != null) ? RegistrationRules.serviceName("service", service) : null;
		long after = (index != null) ? index : 0;
		return this.watches.respond(blockingQuery(index, wait), (current) -> new EventsView(current,
				this.registry.events(after, name, limit).stream().map(EventView::of).toList()));
	}

	@GetMapping("/info")
	@Operation(summary = "The registry's TTL, retention and clock")
	RegistryInfoView info() {
		return new RegistryInfoView(this.properties.ttl().toSeconds(), this.properties.retention().toSeconds(),
				this.properties.renewalFlushInterval().toMillis(), this.registry.currentIndex(), this.clock.instant());
	}

	private BlockingQuery blockingQuery(@Nullable Long index, @Nullable String wait) {
		return BlockingQuery.of(index, wait, this.properties.defaultWatchWait(), this.properties.maxWatchWait());
	}

}
