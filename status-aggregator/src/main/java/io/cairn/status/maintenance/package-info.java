/**
 * Scheduled maintenance: windows for one check or a group, once or recurring (a cron
 * schedule in a time zone), stored in PostgreSQL and evaluated in memory.
 */
@NullMarked
package io.cairn.status.maintenance;

import org.jspecify.annotations.NullMarked;
