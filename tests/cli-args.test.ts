/** `npm run tb`'s command lines, parsed in process (the commands themselves: tests/cli.test.ts). */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine, UsageError } from '@/lib/cli/args';
import { runCommand } from '@/lib/cli/commands';
import { failedSearchOf, table } from '@/lib/cli/format';
import { helpText } from '@/lib/cli/help';

const usage = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return { message: error.message, command: error.command };
    throw error;
  }
  throw new Error(`parsed: ${argv.join(' ')}`);
};

describe('npm run tb command lines', () => {
  it('parse each command, with --json before or after it', () => {
    expect(parseCommandLine(['fire', 's', 'go', '--kwargs', '{"a":1}', '--json'])).toEqual({
      name: 'fire', json: true, uid: 's', trigger: 'go', kwargs: { text: '{"a":1}' }, reason: undefined, anyway: false,
    });
    expect(parseCommandLine(['--json', 'replay', 's', 't#0', '--reason', 'why not', '--kwargs-file', '-'])).toMatchObject({
      name: 'replay', json: true, kwargs: { file: '-' }, reason: 'why not',
    });
    expect(parseCommandLine(['skip', 's', 't#0', '--reason', 'why', '--cascade', '--confirm-empty-cascade'])).toMatchObject({
      name: 'skip', cascade: true, confirmEmptyCascade: true, result: undefined, json: false,
    });
    expect(parseCommandLine(['snapshot', 's'])).toEqual({ name: 'snapshot', json: false, uid: 's' });
    expect(parseCommandLine(['failed', '--task', 't_a', '--limit', '5'])).toMatchObject({ name: 'failed', task: 't_a', limit: '5' });
  });

  it('answer help overall and per command', () => {
    expect(parseCommandLine([])).toEqual({ name: 'help', json: false });
    expect(parseCommandLine(['--help'])).toEqual({ name: 'help', json: false });
    expect(parseCommandLine(['--json'])).toEqual({ name: 'help', json: true });
    expect(parseCommandLine(['help', 'skip'])).toEqual({ name: 'help', topic: 'skip', json: false });
    expect(parseCommandLine(['failed', '-h'])).toEqual({ name: 'help', topic: 'failed', json: false });
    expect(helpText('skip')).toContain('--confirm-empty-cascade');
    expect(helpText()).toContain('Exit codes: 0 done, 1 refused or failed');
  });

  it('refuse what is not a command line, naming the command for its help', () => {
    expect(usage(['nope'])).toEqual({ message: expect.stringContaining('Unknown command "nope"'), command: undefined });
    expect(usage(['help', 'nope']).message).toContain('No help on "nope"');
    expect(usage(['fire', 's', 'go', '--kwargs', '{}', '--kwargs-file', 'f'])).toEqual({ message: 'Give --kwargs or --kwargs-file, not both.', command: 'fire' });
    expect(usage(['snapshot', 's', 'extra']).message).toBe('Unexpected argument "extra".');
    expect(usage(['snapshot']).message).toBe('Missing <session-uid>.');
    expect(usage(['fire', 's', 'go', '--cascade']).message).toMatch(/Unknown option '--cascade'/);
    expect(usage(['skip', 's', 't#0', '--cascade']).message).toContain('--reason is required');
    expect(usage(['failed', '--limit'])).toMatchObject({ command: 'failed' });
  });

  it('check the failed filters the way a user typed them (the URL falls back; a command line says what is wrong)', () => {
    const failed = (extra: Record<string, string>) => ({ name: 'failed' as const, json: false, ...extra });
    expect(failedSearchOf(failed({ task: 't_a', contains: 'ada', limit: '20', state: 'all' }))).toMatchObject({
      task: 't_a', q: 'ada', limit: 20, state: 'all', assignee: 'anyone',
    });
    expect(() => failedSearchOf(failed({ limit: '201' }))).toThrow('--limit must be a whole number from 1 to 200 (got "201").');
    expect(() => failedSearchOf(failed({ limit: '2.5' }))).toThrow(UsageError);
    expect(() => failedSearchOf(failed({ state: 'closed' }))).toThrow('--state must be one of open, resolved, snoozed, all (got "closed").');
  });

  it('lays out tables with columns as wide as their widest cell', () => {
    expect(table(['A', 'BB', 'C'], [['xxx', 'y', 'last column unpadded'], ['', 'zzz', '']])).toBe('A    BB   C\nxxx  y    last column unpadded\n     zzz');
  });
});

describe('npm run tb input refused before the database is opened', () => {
  const run = (argv: string[]) =>
    runCommand(parseCommandLine(argv), () => {
      throw new Error('the database must not be opened');
    });

  it('reads at most 1 MB of a --kwargs-file (an endless one too), and names --kwargs-file in its errors', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'tb-kwargs-'));
    try {
      const before = process.memoryUsage().rss;
      const endless = await run(['fire', 's', 'go', '--kwargs-file', '/dev/zero']);
      expect(endless).toEqual({
        ok: false,
        code: 'validation',
        message: '--kwargs-file /dev/zero is too large: it is larger than 1 MB, the most one field may hold. Nothing was changed.',
      });
      expect(process.memoryUsage().rss - before).toBeLessThan(100_000_000);

      await writeFile(path.join(tmp, 'bad.json'), '{"a": 1,}');
      const bad = await run(['replay', 's', 't#0', '--reason', 'because', '--kwargs-file', path.join(tmp, 'bad.json')]);
      expect(bad).toMatchObject({ ok: false, code: 'validation' });
      expect(bad.ok ? '' : bad.message).toMatch(new RegExp(`^Nothing was changed: --kwargs-file ${path.join(tmp, 'bad.json')}: Replacement kwargs is not valid JSON at line 1`));
      await writeFile(path.join(tmp, 'list.json'), '[1]');
      const list = await run(['fire', 's', 'go', '--kwargs-file', path.join(tmp, 'list.json')]);
      expect(list.ok ? '' : list.message).toContain(`--kwargs-file ${path.join(tmp, 'list.json')}: Trigger kwargs`);
      const missing = await run(['fire', 's', 'go', '--kwargs-file', path.join(tmp, 'missing.json')]);
      expect(missing.ok ? '' : missing.message).toMatch(/^Could not read --kwargs-file .*missing\.json: ENOENT/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('refuses a trigger name with control or text-direction characters, as the dashboard does', async () => {
    for (const [trigger, code] of [['go\u0001', '0001'], ['go\u202E', '202E'], ['go\nnow', '000A']]) {
      const refused = await run(['fire', 's', trigger!]);
      expect(refused).toMatchObject({ ok: false, code: 'validation' });
      expect(refused.ok ? '' : refused.message).toContain(`<trigger>: The trigger name may hold only printable characters`);
      expect(refused.ok ? '' : refused.message).toContain(`U+${code}`);
    }
  });
});

