package io.cairn.bridge.api;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.settings.BridgeSetup;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.sync.SyncOutcome;
import io.cairn.bridge.sync.SyncResult;
import io.cairn.bridge.sync.SyncScheduler;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/sync}: run a full sync now and answer its result. Needs the bearer
 * token when {@code cairn.security.token} is set. Only the leader syncs: a follower
 * answers 409 naming the leader; an idle bridge answers 503 naming what is missing.
 */
@RestController
@Tag(name = "sync", description = "Full sync on demand")
public class SyncController {

	private static final long WAIT_MINUTES = 10;

	private final SyncScheduler scheduler;

	private final Leadership leadership;

	private final BridgeSetup setup;

	SyncController(SyncScheduler scheduler, Leadership leadership, BridgeSetup setup) {
		this.scheduler = scheduler;
		this.leadership = leadership;
		this.setup = setup;
	}

	/**
	 * Run a full sync.
	 * @param forceParameter {@code true} to deregister even what the mass-deregistration
	 * guard would refuse; {@code false} or absent otherwise, and nothing else (a value
	 * that only looks like one, such as {@code true\0} or {@code yes}, is refused: this
	 * switch removes services)
	 * @return the sync's result
	 */
	@PostMapping("/v1/sync")
	@Operation(summary = "Run a full sync now",
			description = "Waits for the sync (joining one that is about to start) and answers its result.")
	public ResponseEntity<Object> sync(@Parameter(
			description = "true: deregister even when the mass-deregistration guard refuses (true or false only)") @RequestParam(
					name = "force", required = false) @Nullable String forceParameter)
			throws InterruptedException {
		Boolean force = parseForce(forceParameter);
		if (force == null) {
			return problem(HttpStatus.BAD_REQUEST, "force is true or false.");
		}
		if (!this.setup.configured()) {
			return problem(HttpStatus.SERVICE_UNAVAILABLE,
					"The bridge is idle: " + String.join("; ", this.setup.missing()));
		}
		if (!this.leadership.isLeader()) {
			return notLeader();
		}
		SyncResult result;
		try {
			result = this.scheduler.request("api", force).get(WAIT_MINUTES, TimeUnit.MINUTES);
		}
		catch (ExecutionException ex) {
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "The sync could not run: "
					+ String.valueOf(((ex.getCause() != null) ? ex.getCause() : ex).getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "The bridge is stopping; the sync was abandoned.");
		}
		catch (TimeoutException ex) {
			return problem(HttpStatus.SERVICE_UNAVAILABLE,
					"The sync did not finish within " + WAIT_MINUTES + " minutes; it goes on in the background.");
		}
		if (result.outcome() == SyncOutcome.NOT_LEADER) {
			return notLeader();
		}
		return ResponseEntity.ok(result);
	}

	private static @Nullable Boolean parseForce(@Nullable String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		return value.equals("true") ? true : null;
	}

	private ResponseEntity<Object> notLeader() {
		String leader = this.leadership.leaderId();
		return problem(HttpStatus.CONFLICT, "This replica is a follower; only the leader syncs"
				+ ((leader != null) ? " (the leader is " + leader + ")" : "") + ".");
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
