package io.cairn.status.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.store.CheckStore;

import org.springframework.context.SmartLifecycle;

/**
 * Start-up and periodic chores: registers this replica's command checks from
 * configuration (and removes those it no longer defines), imports a Megaphone cache file
 * once, and every minute prunes history past its retention and tombstones every replica
 * has seen.
 */
public class Housekeeping implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Housekeeping.class);

	private static final Duration TOMBSTONE_RETENTION = Duration.ofHours(1);

	private final CheckService checks;

	private final CheckStore store;

	private final MegaphoneImport importer;

	private final StatusProperties properties;

	private final ScheduledExecutorService scheduler;

	private final JsonMapper mapper;

	private final Clock clock;

	private final String replicaId;

	private @Nullable ScheduledFuture<?> task;

	/**
	 * Create the chores.
	 * @param checks registers checks
	 * @param store the database
	 * @param importer imports Megaphone caches
	 * @param properties settings
	 * @param scheduler runs the periodic part
	 * @param mapper writes command lines
	 * @param clock the clock
	 * @param replicaId this replica
	 */
	public Housekeeping(CheckService checks, CheckStore store, MegaphoneImport importer, StatusProperties properties,
			ScheduledExecutorService scheduler, JsonMapper mapper, Clock clock, String replicaId) {
		this.checks = checks;
		this.store = store;
		this.importer = importer;
		this.properties = properties;
		this.scheduler = scheduler;
		this.mapper = mapper;
		this.clock = clock;
		this.replicaId = replicaId;
	}

	/**
	 * Register the configured command checks of this replica.
	 */
	public void registerCommandChecks() {
		Instant now = this.clock.instant();
		List<String> configured = new ArrayList<>();
		for (Map.Entry<String, StatusProperties.Command> entry : this.properties.commands().entrySet()) {
			String id = CheckService.id(entry.getKey());
			StatusProperties.Command command = entry.getValue();
			if (command.command() == null || command.command().isEmpty()) {
				throw new IllegalArgumentException("cairn.status.commands." + id + ".command must name a program");
			}
			CheckDefinition definition = new CheckDefinition(id, CheckKind.COMMAND,
					this.mapper.writeValueAsString(command.command()), null, null, CheckSource.CONFIG, command.tags(),
					command.interval(), this.replicaId, null, null, null, 0, now);
			this.checks.save(definition);
			configured.add(id);
		}
		List<String> gone = new ArrayList<>();
		for (TrackedCheck check : this.store.loadAll()) {
			CheckDefinition definition = check.definition();
			if (definition.source() == CheckSource.CONFIG && this.replicaId.equals(definition.owner())
					&& !Set.copyOf(configured).contains(definition.id())) {
				gone.add(definition.id());
			}
		}
		this.checks.deleteAll(gone);
	}

	/**
	 * Import the configured Megaphone cache file, once per content.
	 */
	public void importMegaphoneCache() {
		Path file = this.properties.megaphoneCache();
		if (file == null) {
			return;
		}
		if (!Files.isRegularFile(file)) {
			logger.warn("cairn.status.megaphone-cache: " + file + " does not exist; nothing imported");
			return;
		}
		try {
			this.importer.importFileOnce(file);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not import Megaphone cache " + file + ": " + ex.getMessage());
		}
	}

	/**
	 * Prune history and tombstones now.
	 */
	public void prune() {
		try {
			Instant now = this.clock.instant();
			this.store.pruneHistory(now.minus(this.properties.history().retention()));
			this.store.purgeDeleted(now.minus(TOMBSTONE_RETENTION));
		}
		catch (RuntimeException ex) {
			logger.warn("Housekeeping failed; will retry: " + ex.getMessage());
		}
	}

	@Override
	public void start() {
		registerCommandChecks();
		importMegaphoneCache();
		this.task = this.scheduler.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.SECONDS);
	}

	@Override
	public void stop() {
		if (this.task != null) {
			this.task.cancel(false);
			this.task = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

	@Override
	public int getPhase() {
		// After the sync has loaded the checks, before the poller starts.
		return SmartLifecycle.DEFAULT_PHASE - 150;
	}

}
