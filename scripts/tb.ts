/**
 * `npm run tb -- <command>`: fire, replay, skip, snapshot and failed from the command line, over the
 * dashboard's own services (lib/cli). `npm run tb -- help` lists the commands.
 * Exit codes: 0 done, 1 refused or failed, 2 usage error. `--json`: one JSON document on stdout,
 * errors as JSON on stderr.
 */
import { CliRefusal, parseCommandLine, UsageError, type CliCommand } from '@/lib/cli/args';
import type { Outcome } from '@/lib/cli/commands';
import { helpText } from '@/lib/cli/help';
import { EnvError } from '@/lib/env';

const argv = process.argv.slice(2);
const wantsJson = argv.includes('--json');

// A reader that stops early (`| head`) closes the pipe: the command has done its work by then.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

/** Writes all of `text` before the process exits (a pipe may take a large snapshot in pieces). */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(`${text}\n`, (error) => (error && (error as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(error) : resolve())));
}

async function fail(code: string, message: string, exitCode: number, extra: Record<string, unknown> = {}): Promise<number> {
  await write(process.stderr, wantsJson ? JSON.stringify({ ok: false, code, message, ...extra }) : message);
  return exitCode;
}

async function report(outcome: Outcome): Promise<number> {
  if (!outcome.ok) {
    const { code, message, fieldErrors, issues } = outcome;
    return fail(code, message, 1, { ...(fieldErrors ? { fieldErrors } : {}), ...(issues ? { issues } : {}) });
  }
  await write(process.stdout, wantsJson ? JSON.stringify({ ok: true, ...outcome.data }) : outcome.text);
  return 0;
}

async function main(): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCommandLine(argv);
    if (command.name === 'help') {
      const text = helpText(command.topic);
      await write(process.stdout, wantsJson ? JSON.stringify({ ok: true, command: 'help', topic: command.topic ?? null, text }) : text);
      return 0;
    }
    // Loaded only for a command line that parsed: help and usage errors answer at once.
    const [{ runCommand }, { closeCli, openCli }] = await Promise.all([import('@/lib/cli/commands'), import('@/lib/cli/context')]);
    let opened = false;
    const open = () => ((opened = true), openCli());
    try {
      return await report(await runCommand(command, open));
    } finally {
      if (opened) await closeCli();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command ? `npm run tb -- ${error.command} --help` : 'npm run tb -- help';
      return fail('usage', `${error.message}\nUsage: ${help}`, 2);
    }
    if (error instanceof CliRefusal) return fail(error.code, error.message, 1);
    if (error instanceof EnvError) return fail('configuration', `${error.message} Nothing was changed.`, 1);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return fail('unexpected', `Unexpected error: ${detail}`, 1);
  }
}

process.exit(await main());
