import { describe, expect, it } from 'vitest';
import { lostProcesses, maxHeartbeatGapMs, sweeperCannotJudge, type HeartbeatState } from '@/lib/runtime/lease-rules';

// A 30 s lease with a heartbeat every 10 s (the defaults): a gap over 15 s breaks the sweeper's run.
const times = { leaseMs: 30_000, maxGapMs: maxHeartbeatGapMs(10) };
const now = new Date('2026-12-06T12:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const sweeper = (beatSecondsAgo: number, connectedSecondsAgo: number): HeartbeatState & { id: string } => ({
  id: 'sweeper',
  heartbeatAt: ago(beatSecondsAgo),
  connectedSince: ago(connectedSecondsAgo),
});

describe('which processes a sweeper may declare lost (clock passed in)', () => {
  it.each([
    // sweeper's last beat, start of its unbroken run, the other's last beat → lost?
    { case: 'steady sweeper, other silent for longer than the lease', beat: 2, since: 600, other: 31, lost: true },
    { case: 'steady sweeper, other beat within the lease', beat: 2, since: 600, other: 29, lost: false },
    { case: 'other exactly at the lease', beat: 2, since: 600, other: 30, lost: false },
    { case: 'sweeper just came back from a 45 s outage (run restarted 1 s ago)', beat: 1, since: 1, other: 50, lost: false },
    { case: 'sweeper back for less than a lease', beat: 1, since: 29, other: 75, lost: false },
    { case: 'sweeper back for a whole lease: the other stayed silent all along', beat: 1, since: 30, other: 76, lost: true },
    { case: 'sweeper’s own heartbeat is late (it may be the one cut off)', beat: 16, since: 600, other: 40, lost: false },
    { case: 'sweeper’s own heartbeat just within the gap', beat: 15, since: 600, other: 40, lost: true },
  ])('$case → lost: $lost', ({ beat, since, other, lost }) => {
    const result = lostProcesses(now, sweeper(beat, since), [{ id: 'other', heartbeatAt: ago(other) }], times);
    expect(result).toEqual(lost ? ['other'] : []);
  });

  it('judges nobody when the sweeper itself is not alive (declared lost: it must register again first)', () => {
    expect(lostProcesses(now, null, [{ id: 'other', heartbeatAt: ago(300) }], times)).toEqual([]);
    expect(sweeperCannotJudge(now, null, times)).toMatch(/register again/);
  });

  it('never judges itself, and judges each other process on its own heartbeat', () => {
    const self = sweeper(1, 120);
    const others = [
      { id: 'sweeper', heartbeatAt: self.heartbeatAt },
      { id: 'fresh', heartbeatAt: ago(5) },
      { id: 'silent', heartbeatAt: ago(90) },
    ];
    expect(lostProcesses(now, self, others, times)).toEqual(['silent']);
  });

  it('says why it may not judge', () => {
    expect(sweeperCannotJudge(now, sweeper(20, 600), times)).toMatch(/late/);
    expect(sweeperCannotJudge(now, sweeper(1, 10), times)).toMatch(/whole lease/);
    expect(sweeperCannotJudge(now, sweeper(1, 30), times)).toBeNull();
  });
});
