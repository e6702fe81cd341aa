package io.cairn.status.api;

import java.util.List;
import java.util.Map;

/**
 * The aggregate with every check, as the console shows them.
 *
 * @param status the aggregate status
 * @param message Megaphone's message
 * @param date Megaphone's date of this answer
 * @param counts counted checks by effective status
 * @param total how many checks exist
 * @param excluded how many are muted or in maintenance
 * @param stale how many are stale
 * @param checks the checks (filtered when the request asked)
 */
public record ChecksView(String status, String message, String date, Map<String, Integer> counts, int total,
		int excluded, int stale, List<CheckView> checks) {

}
