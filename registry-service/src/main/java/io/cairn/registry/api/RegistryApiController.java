package io.cairn.registry.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.InstanceMetadata;
import io.cairn.registry.domain.InvalidInputException;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.domain.RegistrationOutcome;
import io.cairn.registry.domain.RegistrationRules;
import io.cairn.registry.api.WatchResponder.Reply;
import io.cairn.registry.security.WriteAccess;
import io.cairn.registry.security.WriteForbiddenException;
import io.cairn.registry.security.WriteGrant;
import io.cairn.registry.security.WriteRefusals;
import io.cairn.registry.service.Registry;
import io.cairn.registry.store.RegistryStore.InstancePage;
import io.cairn.registry.watch.BlockingQuery;
import io.cairn.support.security.BearerTokenFilter;

import org.springframework.http.HttpHeaders;
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
import org.springframework.web.util.UriComponentsBuilder;

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

	private final WriteAccess access;

	private final WriteRefusals refusals;

	RegistryApiController(Registry registry, WatchResponder watches, RegistryProperties properties, Clock clock,
			WriteAccess access, WriteRefusals refusals) {
		this.registry = registry;
		this.watches = watches;
		this.properties = properties;
		this.clock = clock;
		this.access = access;
		this.refusals = refusals;
	}

	@GetMapping("/services")
	@Operation(summary = "List services with their live and total instance counts")
	DeferredResult<ResponseEntity<ServicesView>> services(HttpServletRequest request,
			@Parameter(description = "only names matching this glob") @RequestParam(
					required = false) @Nullable String pattern,
			@Parameter(description = "also list services whose instances have all expired") @RequestParam(
					defaultValue = "false") boolean all,
			@Parameter(description = "watch: the index of the previous answer") @RequestParam(
					required = false) @Nullable Long index,
			@Parameter(description = "watch: how long to wait, e.g. 30s") @RequestParam(
					required = false) @Nullable String wait) {
		Glob glob = (pattern != null) ? Glob.compile("pattern", pattern) : null;
		String key = "services|" + all + "|" + ((glob != null) ? glob.postgresRegex() : "");
		return this.watches.respond(request, key, blockingQuery(index, wait),
				(current) -> Reply.of(new ServicesView(current, this.registry.services(glob, all))));
	}

	@GetMapping("/services/{name}/instances")
	@Operation(summary = "List one service's instances (names holding '/' use GET /v1/instances?service=)")
	DeferredResult<ResponseEntity<InstancesView>> serviceInstances(HttpServletRequest request,
			@PathVariable String name, @RequestParam(defaultValue = "false") boolean all,
			@RequestParam(required = false) @Nullable Long index, @RequestParam(required = false) @Nullable String wait,
			@Parameter(description = "page size, 1 to cairn.registry.max-page-size (10000); "
					+ "the default is that maximum") @RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = "the page after the one that gave this cursor "
					+ "(from the Link rel=\"next\" header)") @RequestParam(required = false) @Nullable String cursor) {
		String service = RegistrationRules.serviceName("name", name);
		UriComponentsBuilder next = UriComponentsBuilder.fromPath(request.getContextPath())
			.path("/v1/services/{name}/instances")
			.uriVariables(Map.of("name", service));
		return instances(request, Glob.exact(service), all, index, wait, limit, cursor, next);
	}

	@GetMapping("/instances")
	@Operation(
			summary = "List instances of the services matching a glob (locate_service over REST), "
					+ "or of one service",
			description = "Paged in registration order: when more instances match than the page holds, the answer "
					+ "carries a Link header with rel=\"next\" (RFC 8288) naming the next page.")
	DeferredResult<ResponseEntity<InstancesView>> instances(HttpServletRequest request,
			@Parameter(description = "a glob: *, ?, [abc], [!abc], \\ escapes") @RequestParam(
					required = false) @Nullable String pattern,
			@Parameter(description = "one service's exact name") @RequestParam(
					required = false) @Nullable String service,
			@RequestParam(defaultValue = "false") boolean all, @RequestParam(required = false) @Nullable Long index,
			@RequestParam(required = false) @Nullable String wait,
			@Parameter(description = "page size, 1 to cairn.registry.max-page-size (10000); "
					+ "the default is that maximum") @RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = "the page after the one that gave this cursor "
					+ "(from the Link rel=\"next\" header)") @RequestParam(required = false) @Nullable String cursor) {
		if (pattern != null && service != null) {
			throw new InvalidInputException("service", "Give either 'pattern' or 'service', not both.");
		}
		UriComponentsBuilder next = UriComponentsBuilder.fromPath(request.getContextPath()).path("/v1/instances");
		Glob glob;
		if (service != null) {
			glob = Glob.exact(RegistrationRules.serviceName("service", service));
			next.queryParam("service", "{service}").uriVariables(Map.of("service", service));
		}
		else {
			glob = Glob.compile("pattern", (pattern != null) ? pattern : "*");
			if (pattern != null) {
				next.queryParam("pattern", "{pattern}").uriVariables(Map.of("pattern", pattern));
			}
		}
		return instances(request, glob, all, index, wait, limit, cursor, next);
	}

	private DeferredResult<ResponseEntity<InstancesView>> instances(HttpServletRequest request, Glob glob, boolean all,
			@Nullable Long index, @Nullable String wait, @Nullable Integer limit, @Nullable String cursor,
			UriComponentsBuilder next) {
		int pageSize = pageSize(limit);
		long after = cursor(cursor);
		BlockingQuery query = blockingQuery(index, wait);
		if (all) {
			next.queryParam("all", true);
		}
		if (limit != null) {
			next.queryParam("limit", pageSize);
		}
		String key = "instances|" + all + "|" + pageSize + "|" + after + "|" + glob.postgresRegex();
		return this.watches.respond(request, key, query, (current) -> {
			InstancePage page = this.registry.instances(glob, all, after, pageSize);
			InstancesView view = new InstancesView(current, page.instances().stream().map(InstanceView::of).toList());
			if (page.next() == null) {
				return Reply.of(view);
			}
			String link = "<" + next.cloneBuilder().queryParam("cursor", page.next()).encode().build().toUriString()
					+ ">; rel=\"next\"";
			return new Reply<>(view, link);
		});
	}

	private int pageSize(@Nullable Integer limit) {
		int max = this.properties.maxPageSize();
		if (limit == null) {
			return max;
		}
		if (limit < 1 || limit > max) {
			throw new InvalidInputException("limit",
					"'limit' must be between 1 and " + max + " (cairn.registry.max-page-size), not " + limit + ".");
		}
		return limit;
	}

	/**
	 * A cursor is the position of the last instance of the previous page (opaque to
	 * clients: they pass back what the {@code Link} header gave them).
	 */
	private static long cursor(@Nullable String cursor) {
		if (cursor == null) {
			return 0;
		}
		if (!cursor.matches("[0-9]{1,18}")) {
			throw new InvalidInputException("cursor",
					"'cursor' is not a cursor this registry gave; pass back the one from the Link header.");
		}
		return Long.parseLong(cursor);
	}

	@PutMapping("/instances")
	@Operation(summary = "Register or renew an instance",
			description = "201 when the endpoint is new, 200 otherwise. Needs the admin token or a token scoped to "
					+ "the service when tokens are configured; 403 for a service the token does not cover, 409 when "
					+ "the endpoint is alive under a service the token does not cover, 429 when the registry is "
					+ "full, 503 with Retry-After when cairn.registry.registrations.max-queued registrations are "
					+ "waiting for their write.")
	ResponseEntity<RegisterResponse> register(HttpServletRequest request, @RequestBody RegisterRequest body) {
		if (body.name() == null) {
			throw new InvalidInputException("name", "'name' is required.");
		}
		String name = RegistrationRules.serviceName("name", body.name());
		WriteGrant grant = grant(request, name);
		Endpoint endpoint;
		if (body.url() != null) {
			if (body.host() != null || body.port() != null) {
				throw new InvalidInputException("url", "Give either 'url' or 'host' and 'port', not both.");
			}
			endpoint = RegistrationRules.endpointOf("url", body.url());
		}
		else {
			if (body.host() == null) {
				throw new InvalidInputException("host", "'host' is required (or give a 'url').");
			}
			if (body.port() == null) {
				throw new InvalidInputException("port", "'port' is required (or give a 'url').");
			}
			endpoint = new Endpoint(RegistrationRules.host("host", body.host()),
					RegistrationRules.port("port", body.port()));
		}
		InstanceMetadata metadata = null;
		if (body.tags() != null || body.version() != null || body.labels() != null) {
			metadata = RegistrationRules.metadata("metadata", (body.tags() != null) ? body.tags() : List.of(),
					body.version(), (body.labels() != null) ? body.labels() : Map.of());
		}
		RegistrationOutcome outcome = this.registry.ping(new Registration(name, endpoint, body.url(), metadata),
				grant::permits);
		RegisterResponse response = new RegisterResponse(outcome, name, endpoint.host(), endpoint.port());
		if (outcome == RegistrationOutcome.REGISTERED) {
			return ResponseEntity
				.created(URI.create("/v1/instances?service=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
				.body(response);
		}
		return ResponseEntity.ok(response);
	}

	@DeleteMapping("/instances")
	@Operation(summary = "Deregister an instance", description = "204 when removed, 404 when the endpoint is not "
			+ "registered under that service. Needs the admin token or a token scoped to the service when tokens "
			+ "are configured (403 for a service the token does not cover).")
	ResponseEntity<Void> deregister(HttpServletRequest request, @RequestParam String service, @RequestParam String host,
			@RequestParam int port) {
		String name = RegistrationRules.serviceName("service", service);
		grant(request, name);
		Endpoint endpoint = new Endpoint(RegistrationRules.host("host", host), RegistrationRules.port("port", port));
		this.registry.deregister(name, endpoint)
			.orElseThrow(() -> new InstanceNotFoundException(
					endpoint + " is not registered under '" + RegistrationRules.printable(name) + "'."));
		return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
	}

	/**
	 * The request's grant (set by the instance-write filter, which has refused requests
	 * that may write nothing), checked against the service name.
	 */
	private WriteGrant grant(HttpServletRequest request, String name) {
		Object attribute = request.getAttribute(WriteGrant.ATTRIBUTE);
		WriteGrant grant = (attribute instanceof WriteGrant found) ? found : this.access.grant(request,
				BearerTokenFilter.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)));
		if (!grant.permits(name)) {
			this.refusals.refused(grant, name);
			throw new WriteForbiddenException(grant.outOfScope(name));
		}
		return grant;
	}

	@GetMapping("/events")
	@Operation(summary = "Recent registrations, moves, expiries and deregistrations, newest first")
	DeferredResult<ResponseEntity<EventsView>> events(HttpServletRequest request,
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
		String key = "events|" + after + "|" + limit + "|" + ((name != null) ? Glob.exact(name).postgresRegex() : "");
		return this.watches.respond(request, key, blockingQuery(index, wait),
				(current) -> Reply.of(new EventsView(current,
						this.registry.events(after, name, limit).stream().map(EventView::of).toList())));
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
