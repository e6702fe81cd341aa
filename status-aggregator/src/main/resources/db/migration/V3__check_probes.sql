-- How a network check is read beyond Megaphone's document (issue 21): its health format, its
-- conditions with their severities, and TCP/TLS settings, as a small JSON object the application
-- writes and validates (bounded: at most cairn.status.probes.max-conditions conditions of at most
-- cairn.status.probes.max-expression-length characters). NULL for a Megaphone check, which is then
-- polled exactly as before. Stored as text, as the document is: jsonb would reorder its keys.
ALTER TABLE status_check ADD COLUMN probe text;

-- TCP and TLS checks are new kinds; the kind column is text and needs no change.
