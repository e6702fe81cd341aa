package io.cairn.testkit.marathon;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A simulated task as a test sees it.
 *
 * @param id the task ID, in the format of the simulated version
 * @param instanceId the instance ID (the task ID on Marathon 1.3 and 1.4)
 * @param appId the app ID, such as {@code /my-group/my-app}
 * @param host the agent host name
 * @param ports the host ports, in port-definition order (empty with container networking)
 * @param ipAddress the task's own IP address, or {@code null} when it uses the host's
 * network
 * @param state the Mesos task state, such as {@code TASK_RUNNING}
 * @param alive the health check verdict, or {@code null} before the first result (or
 * without health checks)
 */
public record TaskInfo(String id, String instanceId, String appId, String host, List<Integer> ports,
		@Nullable String ipAddress, String state, @Nullable Boolean alive) {

}
