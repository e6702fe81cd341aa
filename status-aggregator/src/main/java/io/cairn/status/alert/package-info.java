/**
 * Per-check alerts: which changes alert ({@link io.cairn.status.alert.AlertGate}), where
 * they go (routes), how often (rate limits, reminders), and the providers that carry them
 * (webhook, Slack, Microsoft Teams, PagerDuty, e-mail), sent off the polling threads.
 */
@NullMarked
package io.cairn.status.alert;

import org.jspecify.annotations.NullMarked;
