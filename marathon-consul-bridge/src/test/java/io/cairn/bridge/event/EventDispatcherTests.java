package io.cairn.bridge.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cairn.bridge.Await;
import io.cairn.bridge.marathon.TaskIds;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-task order, parallel lanes with a bound, a capped queue whose overflow asks for a
 * sync, duplicates dropped.
 */
class EventDispatcherTests {

	private static MarathonEvent status(String task, String state) {
		return new MarathonEvent.TaskStatus("/app", task, state, "h", state);
	}

	@Test
	void eventsOfOneTaskInOrderOthersInParallelWithinTheBound() throws Exception {
		Map<String, List<String>> seen = new ConcurrentHashMap<>();
		AtomicInteger running = new AtomicInteger();
		AtomicInteger maxRunning = new AtomicInteger();
		CountDownLatch gate = new CountDownLatch(1);
		try (EventDispatcher dispatcher = new EventDispatcher(3, 1000, (event, received) -> {
			int now = running.incrementAndGet();
			maxRunning.accumulateAndGet(now, Math::max);
			try {
				gate.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			MarathonEvent.TaskStatus status = (MarathonEvent.TaskStatus) event;
			seen.computeIfAbsent(TaskIds.instanceOf(status.taskId()),
					(key) -> Collections.synchronizedList(new ArrayList<>()))
				.add(status.status());
			running.decrementAndGet();
		}, () -> {
		})) {
			for (int instance = 0; instance < 10; instance++) {
				// Terminal ends of different tasks of one instance (Marathon 1.8
				// restarts it under new task IDs) share its lane and are never
				// coalesced: every one of them is applied, in order.
				int incarnation = 0;
				for (String state : List.of("TASK_KILLED", "TASK_FAILED", "TASK_LOST", "TASK_GONE")) {
					assertThat(dispatcher.submit(status("t" + instance + ".instance-u._app." + (++incarnation), state),
							System.nanoTime()))
						.isEqualTo(EventDispatcher.Outcome.QUEUED);
				}
			}
			Await.until("three lanes running", () -> running.get() == 3);
			gate.countDown();
			Await.until("all applied", () -> dispatcher.pending() == 0);
		}
		assertThat(maxRunning.get()).isEqualTo(3);
		assertThat(seen).hasSize(10);
		seen.values()
			.forEach((states) -> assertThat(states).containsExactly("TASK_KILLED", "TASK_FAILED", "TASK_LOST",
					"TASK_GONE"));
	}

	@Test
	void anEndIsSkippedOnlyWhenALaterEventCoversIt() {
		String task = "web.instance-u._app.1";
		MarathonEvent killing = status(task, "TASK_KILLING");
		MarathonEvent killed = status(task, "TASK_KILLED");
		// Not terminal: any later event that reads Marathon for the task covers it.
		assertThat(killing.supersededBy(killed)).isTrue();
		assertThat(killing.supersededBy(status(task, "TASK_RUNNING"))).isTrue();
		assertThat(
				killing.supersededBy(new MarathonEvent.InstanceChanged("/app", "web.instance-u", "Killed", "h", null)))
			.isTrue();
		assertThat(
				killing.supersededBy(new MarathonEvent.InstanceChanged("/app", "web.instance-u", "Staging", "h", null)))
			.isFalse();
		assertThat(killing.supersededBy(status("web.instance-u._app.2", "TASK_RUNNING"))).isFalse();
		// Terminal: remembered, so only a later terminal end of the same task covers it.
		assertThat(killed.supersededBy(status(task, "TASK_GONE"))).isTrue();
		assertThat(killed.supersededBy(status(task, "TASK_UNREACHABLE"))).isFalse();
		assertThat(
				killed.supersededBy(new MarathonEvent.InstanceChanged("/app", "web.instance-u", "Killed", "h", null)))
			.isFalse();
		assertThat(killed.supersededBy(status("web.instance-u._app.2", "TASK_KILLED"))).isFalse();
		// Reads of Marathon's state supersede each other, as before.
		assertThat(status(task, "TASK_RUNNING").supersededBy(status(task, "TASK_RUNNING"))).isTrue();
		assertThat(status(task, "TASK_RUNNING").supersededBy(killed)).isFalse();
	}

	@Test
	void aFullQueueDropsAndAsksForASyncOncePerOverflow() throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		AtomicInteger overflows = new AtomicInteger();
		try (EventDispatcher dispatcher = new EventDispatcher(1, 5, (event, received) -> {
			try {
				gate.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, overflows::incrementAndGet)) {
			for (int i = 0; i < 5; i++) {
				assertThat(dispatcher.submit(status("t" + i, "TASK_RUNNING"), 0))
					.isEqualTo(EventDispatcher.Outcome.QUEUED);
			}
			for (int i = 5; i < 50; i++) {
				assertThat(dispatcher.submit(status("t" + i, "TASK_RUNNING"), 0))
					.isEqualTo(EventDispatcher.Outcome.DROPPED);
			}
			assertThat(dispatcher.pending()).isEqualTo(5);
			assertThat(overflows.get()).isEqualTo(1);
			gate.countDown();
			Await.until("drained", () -> dispatcher.pending() == 0);
			assertThat(dispatcher.submit(status("again", "TASK_RUNNING"), 0)).isEqualTo(EventDispatcher.Outcome.QUEUED);
		}
	}

	@Test
	void aDuplicateOfAWaitingEventIsDropped() {
		CountDownLatch gate = new CountDownLatch(1);
		List<MarathonEvent> applied = Collections.synchronizedList(new ArrayList<>());
		try (EventDispatcher dispatcher = new EventDispatcher(1, 100, (event, received) -> {
			try {
				gate.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			applied.add(event);
		}, () -> {
		})) {
			dispatcher.submit(status("busy", "TASK_RUNNING"), 0);
			Await.until("the first is running", () -> dispatcher.pending() == 1);
			MarathonEvent running = status("t", "TASK_RUNNING");
			assertThat(dispatcher.submit(running, 0)).isEqualTo(EventDispatcher.Outcome.QUEUED);
			assertThat(dispatcher.submit(running, 0)).isEqualTo(EventDispatcher.Outcome.DUPLICATE);
			assertThat(dispatcher.submit(status("t", "TASK_KILLED"), 0)).isEqualTo(EventDispatcher.Outcome.QUEUED);
			gate.countDown();
			Await.until("drained", () -> dispatcher.pending() == 0);
		}
		assertThat(applied).hasSize(3);
	}

	@Test
	void eventsThatOnlyRereadMarathonAreCoalescedAndATerminalEndNeverByThem() {
		CountDownLatch gate = new CountDownLatch(1);
		List<String> applied = Collections.synchronizedList(new ArrayList<>());
		List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
		try (EventDispatcher dispatcher = new EventDispatcher(1, 100, (event, received) -> {
			try {
				gate.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			applied.add(event.type() + ":" + ((event instanceof MarathonEvent.TaskStatus status) ? status.status()
					: ((MarathonEvent.InstanceChanged) event).condition()));
			arrivals.add(received);
		}, () -> {
		})) {
			// The lane is busy with an earlier task's end while a kill and its
			// replacement arrive.
			dispatcher.submit(status("a.instance-1._app.0", "TASK_FAILED"), 0);
			Await.until("the first is running", () -> dispatcher.pending() == 1);
			dispatcher.submit(status("a.instance-1._app.1", "TASK_KILLING"), 1);
			dispatcher.submit(new MarathonEvent.InstanceChanged("/app", "a.instance-1", "Killing", "h", "1"), 2);
			dispatcher.submit(status("a.instance-1._app.1", "TASK_KILLED"), 3);
			dispatcher.submit(status("a.instance-1._app.2", "TASK_STAGING"), 4);
			dispatcher.submit(status("a.instance-1._app.2", "TASK_RUNNING"), 5);
			dispatcher.submit(new MarathonEvent.InstanceChanged("/app", "a.instance-1", "Running", "h", "6"), 6);
			gate.countDown();
			Await.until("drained", () -> dispatcher.pending() == 0);
			// KILLING (covered by the instance read), that read, STAGING and RUNNING.
			assertThat(dispatcher.coalesced()).isEqualTo(4);
		}
		// Terminal ends are applied: they are remembered.
		assertThat(applied).containsExactly("status_update_event:TASK_FAILED", "status_update_event:TASK_KILLED",
				"instance_changed_event:Running");
		// The registration it causes is timed from the first event it stands for (the
		// task's KILLING).
		assertThat(arrivals.get(2)).isEqualTo(1);
	}

}
