package io.cairn.testkit.marathon;

/**
 * An event the simulator published on its event bus.
 *
 * @param type the event type, such as {@code status_update_event}
 * @param json the event's JSON, exactly as streamed and posted
 */
public record PublishedEvent(String type, String json) {

}
