import { describe, expect, it } from 'vitest';
import { agree, counted, plural } from '@/lib/format';

describe('counts read right', () => {
  it('plural: the noun agrees with the count, thousands are grouped', () => {
    expect(plural(1, 'change')).toBe('1 change');
    expect(plural(2, 'change')).toBe('2 changes');
    expect(plural(0, 'session')).toBe('0 sessions');
    expect(plural(1250, 'instance')).toBe('1,250 instances');
    expect(plural(3, 'more minute', 'more minutes')).toBe('3 more minutes');
    expect(plural(2, 'child', 'children')).toBe('2 children');
  });

  it('plural: a zero phrase replaces "0 …" when given', () => {
    expect(plural(0, 'change', undefined, 'no change')).toBe('no change');
    expect(plural(1, 'change', undefined, 'no change')).toBe('1 change');
  });

  it('agree and counted: the verb agrees too', () => {
    expect(agree(1, 'matches', 'match')).toBe('matches');
    expect(agree(0, 'is', 'are')).toBe('are');
    expect(agree(Infinity, 'matches', 'match')).toBe('match');
    expect(counted(1, 'change', 'matches', 'match')).toBe('1 change matches');
    expect(counted(2, 'change', 'matches', 'match')).toBe('2 changes match');
    expect(counted(0, 'failure', 'is', 'are')).toBe('0 failures are');
  });
});
