/**
 * `npm run user:create`: creates a dashboard user from the command line (the first admin, or a
 * way back in when nobody can sign in), or with `--update` resets an existing user's password,
 * role or name. Same rules as the Users page (lib/auth/users.ts), and the change is audited as
 * done by the CLI (`cli:<os-user>@<host>`, lib/cli/actor.ts). Run `npm run user:create -- --help` for the options.
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { cliActor } from '@/lib/cli/actor';
import { passwordProblem } from '@/lib/auth/password';
import { ROLES, ROLE_DESCRIPTIONS, type Role } from '@/lib/auth/roles';
import { createUser, findUserByEmail, updateUser, UserError, type UserSummary } from '@/lib/auth/users';
import { createUserSchema } from '@/lib/validations/users';
import { closeDatabase, type Database } from '@/lib/db';
import { CliError, ensureScriptDatabaseFree, explainScriptError, openScriptDatabase, optionIssues, parseScriptOptions } from './lib/script-database';

const USAGE = `Creates a Triggerboard user, or changes one with --update.

Usage:
  npm run user:create -- --email ada@example.com --role admin [--name "Ada Lovelace"]
  npm run user:create -- --update --email ada@example.com [--role operator] [--name "…"] [--keep-password] [--enable]

Options:
  --email <address>   the user's email (sign-in name); stored in lower case
  --role <role>       ${ROLES.join(' | ')} (required to create)
${ROLES.map((role) => `                        ${role}: ${ROLE_DESCRIPTIONS[role]}`).join('\n')}
  --name <name>       the name shown in the dashboard and the audit log (default: the part of
                      the email before @)
  --password-stdin    read the password from the first line of stdin instead of asking for it
                      twice on the terminal (for scripts: printf '%s\\n' "$PASSWORD" | …)
  --update            change an existing user: the options given, and the password (which also
                      signs them out everywhere and lifts a sign-in lock)
  --keep-password     with --update: leave the password as it is
  --enable            with --update: enable a disabled account again
  -h, --help          show this help

The database is the app's: DATABASE_URL, or the embedded PGlite folder PGLITE_DATA_DIR
(default .data/pglite). PGlite allows one process at a time: stop the dashboard first.`;

/** Recorded as the author of the change in the audit log. */
const CLI_ACTOR = cliActor('npm run user:create');

interface Options {
  email: string;
  role?: Role;
  name?: string;
  passwordStdin: boolean;
  update: boolean;
  keepPassword: boolean;
  enable: boolean;
}

function parseOptions(argv: string[]): Options | 'help' {
  const values = parseScriptOptions(argv, {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    update: { type: 'boolean', default: false },
    'keep-password': { type: 'boolean', default: false },
    enable: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';

  const fields = createUserSchema.pick({ email: true, name: true, role: true }).partial();
  const parsed = fields.safeParse({ email: values.email, name: values.name, role: values.role });
  if (!parsed.success) throw optionIssues(parsed.error);
  const { email, name, role } = parsed.data;
  if (!email) throw new CliError('--email is required, e.g. --email ada@example.com. Run with --help for the options.');
  if (!values.update) {
    if (!role) throw new CliError(`--role is required to create a user: one of ${ROLES.join(', ')}.`);
    if (values['keep-password'] || values.enable) throw new CliError('--keep-password and --enable only go with --update.');
  } else if (values['keep-password'] && !role && !name && !values.enable) {
    throw new CliError('Nothing to change: give --role, --name or --enable, or leave out --keep-password to reset the password.');
  }
  return {
    email,
    role,
    name,
    passwordStdin: values['password-stdin'],
    update: values.update,
    keepPassword: values['keep-password'],
    enable: values.enable,
  };
}

// ---------------------------------------------------------------- the password

/** The first line of stdin (without its line break). */
async function readPasswordLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return line;
  } finally {
    lines.close();
  }
  return '';
}

/** Asks on the terminal without echoing what is typed (readline writes its echo to a muted stream). */
async function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, encoding: BufferEncoding, callback: () => void) {
      if (!muted) process.stdout.write(chunk, encoding);
      callback();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  terminal.on('SIGINT', () => {
    terminal.close();
    process.stdout.write('\nCancelled: nothing was changed.\n');
    process.exit(130);
  });
  try {
    process.stdout.write(prompt);
    muted = true;
    return await terminal.question('');
  } finally {
    muted = false;
    terminal.close();
    process.stdout.write('\n');
  }
}

async function readPassword(options: Options): Promise<string> {
  if (options.passwordStdin) {
    const password = await readPasswordLine();
    if (password === '') throw new CliError('--password-stdin: stdin had no password (expected it on the first line).');
    return checkedPassword(password);
  }
  if (!process.stdin.isTTY) {
    throw new CliError(
      'No terminal to ask for the password on: pipe it in with --password-stdin, e.g. printf \'%s\\n\' "$PASSWORD" | npm run user:create -- … --password-stdin',
    );
  }
  // Checked before the second prompt, so a too short password is not typed twice.
  const password = checkedPassword(await askHidden('Password: '));
  if ((await askHidden('Password again: ')) !== password) throw new CliError('The two passwords differ.');
  return password;
}

function checkedPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new CliError(problem);
  return password;
}

// ---------------------------------------------------------------- create or update

async function create(db: Database, options: Options, password: string | undefined): Promise<UserSummary> {
  const name = options.name ?? options.email.split('@')[0] ?? options.email;
  try {
    return await createUser(db, CLI_ACTOR, { email: options.email, name, role: options.role, password });
  } catch (error) {
    if (error instanceof UserError && error.field === 'email') {
      throw new CliError(`${error.message} To reset their password or role, run again with --update.`);
    }
    throw error;
  }
}

async function update(db: Database, options: Options, password: string | undefined): Promise<UserSummary> {
  const existing = await findUserByEmail(db, options.email);
  if (!existing) throw new CliError(`No user has the email ${options.email}. Leave out --update to create one.`);
  return updateUser(db, CLI_ACTOR, {
    id: existing.id,
    ...(options.role ? { role: options.role } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.enable ? { disabled: false } : {}),
    ...(password !== undefined ? { password } : {}),
  });
}

function describeUser(user: UserSummary): string {
  return [
    `  email:  ${user.email}`,
    `  name:   ${user.name}`,
    `  role:   ${user.role} (${ROLE_DESCRIPTIONS[user.role]})`,
    `  status: ${user.disabled ? 'disabled' : 'active'}`,
    `  id:     ${user.id}`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  // Before asking for the password, so nobody types it twice for nothing.
  ensureScriptDatabaseFree();
  const password = options.update && options.keepPassword ? undefined : await readPassword(options);

  const db = await openScriptDatabase();
  try {
    if (options.update) {
      const user = await update(db, options, password);
      console.log(`Updated ${user.email}${password !== undefined ? ' (new password set: their sessions were ended)' : ''}:\n${describeUser(user)}`);
    } else {
      const user = await create(db, options, password);
      console.log(`Created ${user.email}: they can sign in now.\n${describeUser(user)}`);
    }
    return 0;
  } finally {
    await closeDatabase(db);
  }
}

function explain(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof z.ZodError) return error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n');
  return explainScriptError(error);
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  console.error(`${explain(error)}\nNothing was changed.`);
  process.exit(1);
}
