package io.cairn.mesos.operator;

/**
 * A Mesos id object ({@code {"value": "..."}}): agent, framework, task, executor ids.
 *
 * @param value the id
 */
public record MesosId(String value) {
}
