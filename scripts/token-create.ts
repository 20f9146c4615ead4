/**
 * `npm run token:create -- --name NAME --scope read|operate`: creates an API token from the
 * command line (first setup, deployment scripts). The token is printed on the LAST line of
 * stdout, alone, so a script can take it with `| tail -n 1`; the lines before explain it. Same
 * rules as the API tokens page (lib/tokens/admin.ts); audited as done by the CLI.
 */
import { cliActor } from '@/lib/cli/actor';
import { closeDatabase } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { TokenNameTakenError } from '@/lib/tokens';
import { issueApiToken } from '@/lib/tokens/admin';
import { API_SCOPES, SCOPE_DESCRIPTIONS } from '@/lib/tokens/scopes';
import { createTokenSchema } from '@/lib/validations/tokens';
import { CliError, explainScriptError, openScriptDatabase, optionIssues, parseScriptOptions } from './lib/script-database';

const USAGE = `Creates a Triggerboard API token and prints it on the last line (shown this once).

Usage:
  npm run token:create -- --name orders-service --scope operate
  TOKEN=$(npm run --silent token:create -- --name reporting --scope read | tail -n 1)

Options:
  --name <name>     what uses the token (1 to 80 characters); names it in the dashboard and the
                    audit log, unique among live tokens
  --scope <scope>   ${API_SCOPES.join(' | ')}
${API_SCOPES.map((scope) => `                      ${scope}: ${SCOPE_DESCRIPTIONS[scope]}`).join('\n')}
  -h, --help        show this help

Requests send it as "Authorization: Bearer <token>" to /api/v1. Revoke it on /admin/tokens.
The database is the app's: DATABASE_URL, or the embedded PGlite folder PGLITE_DATA_DIR
(default .data/pglite). PGlite allows one process at a time: stop the dashboard first.`;

/** Recorded as the author in the audit log and as the token's creator. */
const CLI_ACTOR = cliActor('npm run token:create');

function parseOptions(argv: string[]): { name: string; scope: (typeof API_SCOPES)[number] } | 'help' {
  const values = parseScriptOptions(argv, {
    name: { type: 'string' },
    scope: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (values.name === undefined) throw new CliError('--name is required, e.g. --name orders-service. Run with --help for the options.');
  if (values.scope === undefined) throw new CliError(`--scope is required: one of ${API_SCOPES.join(', ')}. Run with --help for the options.`);
  const parsed = createTokenSchema.safeParse({ name: values.name, scope: values.scope });
  if (!parsed.success) throw optionIssues(parsed.error);
  return parsed.data;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  getEnv(); // a wrong environment is reported before the database is opened
  const db = await openScriptDatabase();
  try {
    const { token, secret } = await issueApiToken(db, CLI_ACTOR, options).catch((error: unknown) => {
      if (error instanceof TokenNameTakenError) {
        throw new CliError(`A live token is already named "${error.tokenName}": pick another --name, or revoke that token on /admin/tokens first.`);
      }
      throw error;
    });
    console.log(
      [
        `Created the ${token.scope} token "${token.name}" (${SCOPE_DESCRIPTIONS[token.scope]}).`,
        'It is shown this once: only a hash is stored. Send it as "Authorization: Bearer <token>".',
        'The token is on the next line:',
        secret,
      ].join('\n'),
    );
    return 0;
  } finally {
    await closeDatabase(db);
  }
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  console.error(`${explainScriptError(error)}\nNo token was created.`);
  process.exit(1);
}
