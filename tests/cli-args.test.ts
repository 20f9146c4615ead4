/** `npm run tb`'s command lines, parsed in process (the commands themselves: tests/cli.test.ts). */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '@/lib/cli/args';
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
