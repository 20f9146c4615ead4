import { describe, expect, it } from 'vitest';
import { failureIdentity, messageTemplate, topInAppFrame } from '@/lib/triggers';

const stack = (message: string, ...frames: string[]) => [message, ...frames.map((f) => `    at ${f}`)].join('\n');
const HANDLER_STACK = (root: string, line: number) =>
  stack(
    'ValidationError: x',
    `validateSubject (${root}/node_modules/zod/v4/core/parse.js:1:2)`,
    `importSubject (${root}/lib/tasks/questionnaire.ts:${line}:11)`,
    `Object.handler [as handler] (${root}/lib/tasks/index.ts:30:5)`,
    `runTask (${root}/lib/triggers/execution.ts:88:20)`,
    'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  );

describe('messageTemplate: volatile parts become placeholders', () => {
  it.each([
    ['Subject 4711093 not found', 'Subject <n> not found'],
    ['No applicant ada@example.com in study 42', 'No applicant <email> in study <n>'],
    ['order 3f2a1c9b-7d4e-4f8a-9b1c-2d3e4f5a6b7c declined', 'order <uuid> declined'],
    ['blob deadbeef12 missing', 'blob <id> missing'],
    ['pointer 0xff12 freed', 'pointer <hex> freed'],
    [`Cannot read properties of undefined (reading 'email')`, 'Cannot read properties of undefined (reading <value>)'],
    ['expected "draft" got "sent"', 'expected <value> got <value>'],
    ['due 2026-12-06T21:18:44.123Z passed', 'due <date> passed'],
    ['token sk_live_4eC39HqLyjWDarjt rejected', 'token <id> rejected'],
    ['first line 1\nsecond line', 'first line <n>'],
    ['  spaced   out  ', 'spaced out'],
  ])('%j → %j', (message, template) => {
    expect(messageTemplate(message)).toBe(template);
  });

  it('caps a long template', () => {
    expect(messageTemplate('word '.repeat(500)).length).toBeLessThanOrEqual(501);
  });
});

describe('topInAppFrame: the first frame of the project', () => {
  it('skips dependencies, Node internals and the engine; drops line, column and alias', () => {
    expect(topInAppFrame(HANDLER_STACK('/srv/app', 54))).toBe('importSubject (lib/tasks/questionnaire.ts)');
  });
  it('ignores bundled chunks (their names and minified functions change per build)', () => {
    expect(topInAppFrame(stack('E: x', 'Object.o [as handler] (/srv/app/.next/server/chunks/_1m0mz.js:198:4139)'))).toBeNull();
  });
  it('names an anonymous frame, and a frame without a function', () => {
    expect(topInAppFrame(stack('E: x', '/srv/app/lib/tasks/diary.ts:3:1'))).toBe('<anonymous> (lib/tasks/diary.ts)');
    expect(topInAppFrame(stack('E: x', 'async Promise.all (index 0)', 'async load (file:///srv/app/lib/x.ts:1:1)'))).toBe('load (lib/x.ts)');
  });
  it('is null without a stack', () => {
    expect(topInAppFrame(undefined)).toBeNull();
    expect(topInAppFrame('Error: no frames')).toBeNull();
  });
});

describe('failureIdentity: one fingerprint per problem', () => {
  const failure = (message: string, type = 'ValidationError', info = HANDLER_STACK('/srv/app', 54)) => ({
    exceptionType: type,
    exceptionMessage: message,
    exceptionInfo: info,
  });

  it('merges messages that differ only in ids, emails, numbers and quoted values', () => {
    const a = failureIdentity(failure(`Applicant ada@example.com (id 42) has no answer for 'q7' in order 3f2a1c9b-7d4e-4f8a-9b1c-2d3e4f5a6b7c`));
    const b = failureIdentity(failure(`Applicant grace@example.org (id 1337) has no answer for 'q12' in order 00000000-0000-4000-8000-000000000000`));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.template).toBe('Applicant <email> (id <n>) has no answer for <value> in order <uuid>');
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('merges the same failure from another checkout or another line of the same function', () => {
    expect(failureIdentity(failure('x 1', 'E', HANDLER_STACK('/srv/app', 54))).fingerprint).toBe(
      failureIdentity(failure('x 2', 'E', HANDLER_STACK('/home/ci/build', 61))).fingerprint,
    );
  });

  it('keeps apart different types, different words and different frames', () => {
    const base = failureIdentity(failure('Subject 1 not found'));
    expect(failureIdentity(failure('Subject 1 not found', 'TypeError')).fingerprint).not.toBe(base.fingerprint);
    expect(failureIdentity(failure('Subject 1 was deleted')).fingerprint).not.toBe(base.fingerprint);
    const elsewhere = HANDLER_STACK('/srv/app', 54).replace('importSubject (', 'sendReminder (');
    expect(failureIdentity(failure('Subject 1 not found', 'ValidationError', elsewhere)).fingerprint).not.toBe(base.fingerprint);
  });

  it('takes missing fields as an Error with an empty message and no frame', () => {
    expect(failureIdentity({})).toMatchObject({ exceptionType: 'Error', template: '', frame: null });
  });
});
