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
			seen.computeIfAbsent(status.taskId(), (key) -> Collections.synchronizedList(new ArrayList<>()))
				.add(status.status());
			running.decrementAndGet();
		}, () -> {
		})) {
			for (int task = 0; task < 10; task++) {
				// Task ends are never coalesced, so every one of them is applied.
				for (String state : List.of("TASK_KILLING", "TASK_KILLED", "TASK_LOST", "TASK_GONE")) {
					assertThat(dispatcher.submit(status("t" + task, state), System.nanoTime()))
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
			.forEach((states) -> assertThat(states).containsExactly("TASK_KILLING", "TASK_KILLED", "TASK_LOST",
					"TASK_GONE"));
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
	void eventsThatOnlyRereadMarathonAreCoalescedButATaskEndNever() {
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
			dispatcher.submit(status("a.instance-1._app.1", "TASK_KILLING"), 1);
			dispatcher.submit(new MarathonEvent.InstanceChanged("/app", "a.instance-1", "Killing", "h", "1"), 2);
			dispatcher.submit(status("a.instance-1._app.1", "TASK_KILLED"), 3);
			dispatcher.submit(status("a.instance-1._app.2", "TASK_STAGING"), 4);
			dispatcher.submit(status("a.instance-1._app.2", "TASK_RUNNING"), 5);
			dispatcher.submit(new MarathonEvent.InstanceChanged("/app", "a.instance-1", "Running", "h", "6"), 6);
			gate.countDown();
			Await.until("drained", () -> dispatcher.pending() == 0);
			assertThat(dispatcher.coalesced()).isEqualTo(3);
		}
		assertThat(applied).containsExactly("status_update_event:TASK_KILLING", "status_update_event:TASK_KILLED",
				"instance_changed_event:Running");
		// The registration it causes is timed from the first event it stands for (the
		// instance's Killing).
		assertThat(arrivals.get(2)).isEqualTo(2);
	}

}
