package io.cairn.support.console;

import org.jspecify.annotations.Nullable;

/**
 * What a console shows about the app that serves it.
 *
 * @param application the application's name ({@code spring.application.name})
 * @param version the build's version, or {@code null} when the build recorded none
 * @param managementPort the port of the management server when it is separate from the
 * app's own (the console then links metrics there), or {@code null} when actuator
 * endpoints share the app's port
 */
public record ConsoleInfo(String application, @Nullable String version, @Nullable Integer managementPort) {

}
