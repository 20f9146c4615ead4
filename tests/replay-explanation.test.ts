import { describe, expect, it } from 'vitest';
import { describeWhoReplayed, whoReplayed, type ReplayClone } from '@/lib/sessions/replay-explanation';

const clone = (metadata: Record<string, unknown>, depth = 1): ReplayClone => ({ name: 't_syncCrm#1', depth, metadata });

describe('who replayed an instance, told from its clone', () => {
  it.each<[string, ReplayClone, number | null, string]>([
    ['a retry with a cooldown, budget known', clone({ cooldown: 30, parent: 't_syncCrm#0', depth: 1 }), 4, 'The handler retried it (attempt 2 of 5) after a 30 s cooldown.'],
    ['a later retry in the chain', clone({ cooldown: 30 }, 3), 4, 'The handler retried it (attempt 4 of 5) after a 30 s cooldown.'],
    ['a retry without a cooldown (null)', clone({ cooldown: null }), 1, 'The handler retried it (attempt 2 of 2) with no cooldown.'],
    ['a retry whose handler is unknown', clone({ cooldown: 0 }), null, 'The handler retried it (attempt 2) with no cooldown.'],
    ['a cooldown in minutes', clone({ cooldown: 300 }), null, 'The handler retried it (attempt 2) after a 5 min cooldown.'],
    ['a fractional cooldown', clone({ cooldown: 1.5 }), null, 'The handler retried it (attempt 2) after a 1.5 s cooldown.'],
    [
      'a dashboard replay, with its reason',
      clone({ replay: { by: 'operator@demo.triggerboard', reason: 'SUP-2301 fixed the address', at: '2026-12-06T10:00:00.000Z', replacementKwargs: true } }),
      4,
      'Replayed by operator@demo.triggerboard: SUP-2301 fixed the address',
    ],
    [
      'a replay from a bulk action',
      clone({ replay: { by: 'ada@support.example', reason: 'CRM back up', bulkOperation: 'b-1' } }),
      null,
      'Replayed by ada@support.example in a bulk action: CRM back up',
    ],
    ['a replay with no reason', clone({ replay: { by: 'ada@support.example' } }), null, 'Replayed by ada@support.example.'],
    // A user's replay of a retry clone: the user's record wins (a replay never writes cooldown itself).
    ['a user replay whose metadata also has a cooldown', clone({ replay: { by: 'ada@support.example', reason: 'again' }, cooldown: 30 }), 4, 'Replayed by ada@support.example: again'],
    ['a replay through the engine API', clone({ parent: 't_syncCrm#0', depth: 1 }), 4, 'Replayed through the engine API, outside the dashboard: no user was recorded.'],
    ['a malformed replay record', clone({ replay: 'someone' }), null, 'Replayed through the engine API, outside the dashboard: no user was recorded.'],
  ])('%s', (_label, input, maxRetries, sentence) => {
    expect(describeWhoReplayed(whoReplayed(input, maxRetries))).toBe(sentence);
  });

  it('never says "support" for a retry', () => {
    expect(describeWhoReplayed(whoReplayed(clone({ cooldown: 30 }), 4))).not.toMatch(/support/i);
  });
});
