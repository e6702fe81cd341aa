package io.cairn.bridge.sync;

import java.util.List;
import java.util.Set;

import io.cairn.bridge.mapping.DesiredService;

/**
 * What to write so that Consul holds what Marathon says: the one diff that a full sync
 * and an event's reconciliation both apply, computed by {@link SyncPlanner}. It only says
 * what differs; the caller writes it (in parallel, under the guard, on the right agent).
 *
 * @param register desired services that are missing or differ from what is registered, in
 * the order Marathon listed them
 * @param inPlace desired services registered as desired already
 * @param deregister the IDs of registered services that no desired service has
 */
record SyncPlan(List<DesiredService> register, List<DesiredService> inPlace, Set<String> deregister) {

}
