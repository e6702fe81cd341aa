/**
 * The check model: definitions, states, statuses and their precedence (Critical &gt;
 * Warning &gt; Unknown &gt; OK, as in Megaphone).
 */
@NullMarked
package io.cairn.status.check;

import org.jspecify.annotations.NullMarked;
