import { describe, expect, it } from 'vitest';
import { redactExceptionText } from '@/lib/auth/redact';

describe('redactExceptionText: customer data out of exception messages, for viewers', () => {
  it.each([
    // emails, valid or not
    ['firstPageReceived.subject.email is not an email address: ada@example.com', 'firstPageReceived.subject.email is not an email address: [email]'],
    ['no TLD: maria.gonzalez@example, bad: chen.wei@@example.com', 'no TLD: [email], bad: [email]'],
    ['Unknown recipient Ada.Lovelace+crm@mail.example.co.uk.', 'Unknown recipient [email].'],
    // long digit runs, grouped or not
    ['subject 4711093 not found', 'subject [number] not found'],
    ['call +41 79 123 45 67 or 079-123-45-67', 'call [number] or [number]'],
    ['card 4111 1111 1111 1111 declined', 'card [number] declined'],
    ['born 1990-04-12', 'born [number]'],
    ['account CH9300762011623852957 closed', 'account CH[number] closed'],
    ['ref 1,234,567 / 1 234 567 / 1.234.567 / 123,456', 'ref [number] / [number] / [number] / [number]'],
    // URL-encoded, and with an underscore
    ['GET /subjects?email=ada%40example.com failed', 'GET /subjects?email=[email] failed'],
    ['unknown john_doe@example.com', 'unknown [email]'],
    // tokens: JWT-like, hex and base64 of 32 characters or more
    ['bad token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk here', 'bad token [token] here'],
    ['sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 mismatch', 'sha [token] mismatch'],
    ['key sk_live_4eC39HqLyjWDarjtT1zdp7dc and secret QmFzZTY0IGVuY29kZWQgc2VjcmV0IHZhbHVlcw== rejected', 'key [token] and secret [token] rejected'],
    // short numbers stay: counts, attempts, line:column, short groups, lists
    ['page 12 of 40 failed (attempt 3)', 'page 12 of 40 failed (attempt 3)'],
    ['at importSubject (/app/lib/tasks/questionnaire.ts:54:11)', 'at importSubject (lib/tasks/questionnaire.ts:54:11)'],
    ['12345 is short enough', '12345 is short enough'],
    ['12,345 and 1,2,3,4,5,6,7', '12,345 and 1,2,3,4,5,6,7'],
    // long names and paths are not tokens; the numbers in them still are numbers
    ['t_importSubjectWithAVeryLongNameIndeedYes failed', 't_importSubjectWithAVeryLongNameIndeedYes failed'],
    ['node_modules/next/dist/compiled/next-server/app-page-turbo.runtime.prod.js', 'node_modules/next/dist/compiled/next-server/app-page-turbo.runtime.prod.js'],
    ['subject_reference_number_00417912345_is_unknown', 'subject_reference_number_[number]_is_unknown'],
    // quoted values, in each quote style
    [`unrecognised user agent: "curl/8.4.0"`, 'unrecognised user agent: "[value]"'],
    [`Cannot read properties of undefined (reading 'email')`, `Cannot read properties of undefined (reading '[value]')`],
    ['template `Dear ${name}` failed', 'template `[value]` failed'],
    [`got 'Ada' and 'Grace'`, `got '[value]' and '[value]'`],
    ['typographic ‘Ada Lovelace’ and “ada@example.com”', 'typographic ‘[value]’ and “[value]”'],
    // any length, across lines, with escaped quotes inside
    [`value '${'x'.repeat(600)}' refused`, `value '[value]' refused`],
    ['body "first line\nsecond line" refused', 'body "[value]" refused'],
    ['JSON "{\\"email\\":\\"ada@example.com\\"}" invalid', 'JSON "[value]" invalid'],
    // an email or a number inside quotes: one placeholder
    [`no subject "ada@example.com" with id '0041791234567'`, `no subject "[value]" with id '[value]'`],
    // apostrophes are not quotes
    [`the subject's name isn't set`, `the subject's name isn't set`],
    ['the subject’s name isn’t set', 'the subject’s name isn’t set'],
    [`'Ada's book' is missing`, `'[value]' is missing`],
    // what carries no customer data stays
    ['t_importSubject.subjectId is missing', 't_importSubject.subjectId is missing'],
    ['', ''],
    [`empty quotes '' stay`, `empty quotes '' stay`],
  ])('%j → %j', (text, expected) => {
    expect(redactExceptionText(text)).toBe(expected);
  });

  it('keeps quoted names it is told to keep (the instance and task an engine message names)', () => {
    const message = `Attempting retry number 4 of instance 't_syncCrm#3' while maxRetries is 3.`;
    expect(redactExceptionText(message, ['t_syncCrm#3', 't_syncCrm'])).toBe(message);
    expect(redactExceptionText(message)).toBe(`Attempting retry number 4 of instance '[value]' while maxRetries is 3.`);
  });

  it('redacts every line of a stack trace that repeats the message', () => {
    const stack = 'ValidationError: unknown subject ada@example.com\n    at importSubject (/app/lib/tasks/questionnaire.ts:54:11)';
    expect(redactExceptionText(stack)).toBe('ValidationError: unknown subject [email]\n    at importSubject (lib/tasks/questionnaire.ts:54:11)');
  });

  it.each([
    // under the app's folder: relative to it, in frames and elsewhere
    ['    at importSubject (/srv/tb/lib/tasks/questionnaire.ts:54:11)', '    at importSubject (lib/tasks/questionnaire.ts:54:11)'],
    ['    at /srv/tb/.next/server/chunks/ssr/[root-of-the-server]__0f3a1c._.js:1:2345', '    at .next/server/chunks/ssr/[root-of-the-server]__0f3a1c._.js:1:2345'],
    ['    at async run (file:///srv/tb/.next/server/chunks/x.js:3:4)', '    at async run (.next/server/chunks/x.js:3:4)'],
    ['Error: cannot load /srv/tb/config/extra.json', 'Error: cannot load config/extra.json'],
    // from another machine or folder (a container, a worker's checkout): from where the app starts
    ['    at Object.<anonymous> (/work/attack/.next/server/chunks/x.js:1:2)', '    at Object.<anonymous> (.next/server/chunks/x.js:1:2)'],
    ['    at run (/home/ada/checkout/node_modules/next/dist/server/base-server.js:9:1)', '    at run (node_modules/next/dist/server/base-server.js:9:1)'],
    ['    at page (/opt/triggerboard/app/sessions/[uid]/page.tsx:20:5)', '    at page (app/sessions/[uid]/page.tsx:20:5)'],
    ['    at helper (/home/ada/secret-project/run.js:3:4)', '    at helper (run.js:3:4)'],
    // what is not a server path stays
    ['    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)', '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'],
    ['    at async Promise.all (index 0)', '    at async Promise.all (index 0)'],
    ['Error: route /sessions/abc has no page (see https://example.com/docs/x)', 'Error: route /sessions/abc has no page (see https://example.com/docs/x)'],
  ])('stack paths: %j → %j', (text, expected) => {
    expect(redactExceptionText(text, [], '/srv/tb')).toBe(expected);
  });

  it('takes time linear in the length: 1 MB messages of every troublesome shape', () => {
    const MB = 1_000_000;
    const shapes: [string, string][] = [
      ['quotes that never close', " 'a".repeat(MB / 3)],
      ['one quoted megabyte', `"${'ab\n'.repeat(MB / 3)}"`],
      ['one long word', 'a'.repeat(MB)],
      ['almost emails', 'ada.lovelace+crm-'.repeat(MB / 17)],
      ['emails', 'ada@example.com '.repeat(MB / 16)],
      ['short numbers', '12345 '.repeat(MB / 6)],
      ['almost tokens', `${'Ab1'.repeat(10)} `.repeat(MB / 31)],
      ['stack frames', '    at f (/srv/tb/lib/x.ts:1:2)\n'.repeat(MB / 32)],
    ];
    for (const [name, text] of shapes) {
      const started = performance.now();
      const redacted = redactExceptionText(text, [], '/srv/tb');
      const ms = performance.now() - started;
      console.log(`redact ${name} (${(text.length / MB).toFixed(2)} MB): ${ms.toFixed(0)} ms`);
      expect(redacted.length).toBeGreaterThan(0);
    }
  });
});
