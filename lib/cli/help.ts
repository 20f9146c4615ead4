/** `npm run tb` usage texts: the overview and one per command. */
import { MAX_FAILED_LIMIT, TRIAGE_STATES } from '@/lib/failed/url';
import type { CommandName } from './args';

const DATABASE = `The database is the app's: DATABASE_URL (PostgreSQL; fired work is enqueued for
\`npm run worker\`), or the embedded PGlite folder PGLITE_DATA_DIR (default .data/pglite; fired
work runs in this process before it exits). PGlite allows one process per folder: while the
dashboard runs on it, use the dashboard or its HTTP API instead.`;

const COMMON = `  --json              print one JSON document on stdout (errors: JSON on stderr, with a code)
  -h, --help          show this help`;

export const OVERVIEW = `Triggerboard from the command line: the dashboard's recovery actions and reads.

Usage: npm run tb -- <command> [arguments] [--json]

Commands:
  fire <session-uid> <trigger>       fire a trigger into an existing session
  replay <session-uid> <instance>    replay a failed instance (original or replacement kwargs)
  skip <session-uid> <instance>      skip a failed instance, optionally cascading a result
  snapshot <session-uid>             print the session's debug snapshot (tasks, instances, metas)
  failed                             list failed instances, with the failed inbox's filters
  help [command]                     this text, or a command's options

Changes are audited as actor kind 'cli' (cli:<os-user>@<host>), with the admin role.
Exit codes: 0 done, 1 refused or failed (the message says when nothing was changed), 2 usage error.

${DATABASE}`;

const TOPICS: Record<Exclude<CommandName, 'help'>, string> = {
  fire: `Fires a trigger into an existing session (a trigger fired at an unknown session is refused).

Usage: npm run tb -- fire <session-uid> <trigger> [--kwargs JSON | --kwargs-file PATH] [--reason TEXT]

  --kwargs JSON       the trigger's kwargs, a JSON object (default {})
  --kwargs-file PATH  read them from a file ('-': stdin)
  --reason TEXT       kept in the audit row (default "fired from the command line")
  --anyway            fire even if the kwargs fail the waiting tasks' schemas (recorded as override)
${COMMON}

Example: npm run tb -- fire subject-0042 reminderDue --kwargs '{"channel":"sms"}'`,
  replay: `Replays a failed instance as a new instance (its clone), with its original kwargs or replacements.

Usage: npm run tb -- replay <session-uid> <instance> --reason TEXT [--kwargs JSON | --kwargs-file PATH]

  --reason TEXT       why (at least 3 characters): kept with the change
  --kwargs JSON       replacement kwargs, an object of objects per trigger (they replace all);
                      without it, the original kwargs are used
  --kwargs-file PATH  read them from a file ('-': stdin)
  --anyway            replay even if the replacement fails the task's kwargs schema
${COMMON}

Example: npm run tb -- replay subject-0042 't_importSubject#0' --reason 'email fixed' \\
           --kwargs '{"firstPageReceived":{"subject":{"name":"Ada","email":"ada@example.com"}}}'`,
  skip: `Skips a failed instance; with --cascade the tasks waiting on it receive --result.

Usage: npm run tb -- skip <session-uid> <instance> --reason TEXT [--cascade [--result JSON] [--confirm-empty-cascade]]

  --reason TEXT              why (at least 3 characters): kept with the change
  --cascade                  fire the task's trigger with a simulated result
  --result JSON              the simulated result (a JSON object) the waiting tasks receive
  --confirm-empty-cascade    cascade without --result: the waiting tasks receive {} (refused otherwise)
  --anyway                   cascade a result that fails the task's result schema
${COMMON}

Example: npm run tb -- skip subject-0042 't_scoreQuestionnaire#0' --reason 'scored by hand' \\
           --cascade --result '{"score":72,"passed":true,"model":"manual"}'`,
  snapshot: `Prints a session's debug snapshot: its tasks, instances and metas, as the store holds them.

Usage: npm run tb -- snapshot <session-uid> [--json]

${COMMON}`,
  failed: `Lists failed instances, newest first, with the failed inbox's filters.

Usage: npm run tb -- failed [--task T] [--type E] [--session S] [--contains Q] [--state S] [--limit N] [--cursor C]

  --task T            only this task (its name in the session's configuration, e.g. t_importSubject)
  --type E            only this exception type (e.g. ValidationError)
  --session S         only this session uid
  --contains Q        name, message or payload contains Q
  --state S           failure groups' triage state: ${TRIAGE_STATES.join(', ')} (default open, as the inbox)
  --limit N           at most N rows (1–${MAX_FAILED_LIMIT}, default 50)
  --cursor C          the next page (printed after a full page)
${COMMON}

Example: npm run tb -- failed --task t_importSubject --type ValidationError --limit 20`,
};

export function helpText(topic?: CommandName): string {
  return topic === undefined || topic === 'help' ? OVERVIEW : `${TOPICS[topic]}\n\n${DATABASE}`;
}
