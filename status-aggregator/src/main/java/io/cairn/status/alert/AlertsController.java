package io.cairn.status.alert;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What alerting is doing: each provider's counts and last error, and the open alerts.
 * Read-only; nothing in the answers is a secret (URLs are shown by their origin).
 */
@RestController
@RequestMapping("/alerts")
@Tag(name = "Alerts", description = "Alert providers and open alerts")
class AlertsController {

	private final AlertSender sender;

	private final Alerter alerter;

	AlertsController(AlertSender sender, Alerter alerter) {
		this.sender = sender;
		this.alerter = alerter;
	}

	@GetMapping("/providers")
	@Operation(summary = "Every alert provider: where it sends (origin only), counts, last error")
	List<ProviderStatus> providers() {
		return this.sender.statuses();
	}

	@GetMapping
	@Operation(summary = "The open alerts (on the replica that sends them) and whether this replica sends them")
	OpenAlerts open() {
		return new OpenAlerts(this.alerter.leader(), this.alerter.openAlerts());
	}

	/**
	 * The open alerts.
	 *
	 * @param sending whether this replica sends the alerts (holds the alerts lease)
	 * @param open the open alerts, oldest first (empty on other replicas)
	 */
	record OpenAlerts(boolean sending, List<OpenAlert> open) {

	}

}
