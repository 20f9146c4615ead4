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
    // short numbers stay: counts, attempts, line:column
    ['page 12 of 40 failed (attempt 3)', 'page 12 of 40 failed (attempt 3)'],
    ['at importSubject (/app/lib/tasks/questionnaire.ts:54:11)', 'at importSubject (/app/lib/tasks/questionnaire.ts:54:11)'],
    ['12345 is short enough', '12345 is short enough'],
    // quoted values, in each quote style
    [`unrecognised user agent: "curl/8.4.0"`, 'unrecognised user agent: "[value]"'],
    [`Cannot read properties of undefined (reading 'email')`, `Cannot read properties of undefined (reading '[value]')`],
    ['template `Dear ${name}` failed', 'template `[value]` failed'],
    [`got 'Ada' and 'Grace'`, `got '[value]' and '[value]'`],
    // an email or a number inside quotes: one placeholder
    [`no subject "ada@example.com" with id '0041791234567'`, `no subject "[value]" with id '[value]'`],
    // apostrophes are not quotes
    [`the subject's name isn't set`, `the subject's name isn't set`],
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
    expect(redactExceptionText(stack)).toBe('ValidationError: unknown subject [email]\n    at importSubject (/app/lib/tasks/questionnaire.ts:54:11)');
  });
});
