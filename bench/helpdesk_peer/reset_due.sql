-- Fresh state before a timed run of escalate_tickets: no follow-ups, every ticket open at priority 3, and exactly
-- the tickets with id % :every = 0 due (every = 100: 1%), half of them never escalated (created >= 2 days ago),
-- half escalated 30 hours ago. Any other ticket that has aged into the window since the load (a rerun days later)
-- is made "escalated 1-19 hours ago" again. Ends with VACUUM ANALYZE and prints the due count using the command's
-- own predicate (escalate_days = 1, no escalation exclusions).
-- Usage: psql -v every=100 -f reset_due.sql
\set ON_ERROR_STOP on
SET client_min_messages = warning;
TRUNCATE helpdesk_ticketchange, helpdesk_followup CASCADE;
DELETE FROM helpdesk_escalationexclusion;
UPDATE helpdesk_ticket SET priority = 3 WHERE priority <> 3;
UPDATE helpdesk_ticket
   SET created = LEAST(created, now() - interval '2 days'),
       last_escalation = CASE WHEN (id / :every) % 2 = 0 THEN NULL ELSE now() - interval '30 hours' END
 WHERE id % :every = 0;
UPDATE helpdesk_ticket
   SET last_escalation = now() - (1 + id % 19) * interval '1 hour'
 WHERE id % :every <> 0
   AND (last_escalation <= now() - interval '20 hours'
        OR (last_escalation IS NULL AND created <= now() - interval '20 hours'));
VACUUM ANALYZE helpdesk_ticket;
VACUUM ANALYZE helpdesk_followup;
VACUUM ANALYZE helpdesk_ticketchange;
SELECT count(*)
  FROM helpdesk_ticket t JOIN helpdesk_queue q ON q.id = t.queue_id
 WHERE q.escalate_days IS NOT NULL AND q.escalate_days <> 0
   AND t.status IN (1, 2) AND t.priority <> 1 AND NOT t.on_hold
   AND (t.last_escalation <= now() - interval '1 day'
        OR (t.last_escalation IS NULL AND t.created <= now() - interval '1 day'));
