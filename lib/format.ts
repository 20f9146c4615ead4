const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** A timestamp as support staff read it, in UTC so that everyone sees the same time. */
export function formatDateTime(value: Date | string): string {
  return `${dateTime.format(new Date(value))} UTC`;
}

/** A duration as people say it: "850 ms", "4.2 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (abs < 1_000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1_000).toFixed(abs < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(abs / 1_000);
  const [d, h, m, s] = [Math.floor(seconds / 86_400), Math.floor(seconds / 3_600) % 24, Math.floor(seconds / 60) % 60, seconds % 60];
  if (d > 0) return `${sign}${d} d${h ? ` ${h} h` : ''}`;
  if (h > 0) return `${sign}${h} h${m ? ` ${m} min` : ''}`;
  return `${sign}${m} min${s ? ` ${s} s` : ''}`;
}

/**
 * A count with its noun, as people say it: "1 change", "2 changes", "1,250 changes"; `zero`
 * replaces "0 changes" where "no change" reads better. Irregular plurals go in `many`.
 */
export function plural(count: number, one: string, many = `${one}s`, zero?: string): string {
  if (count === 0 && zero !== undefined) return zero;
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** The verb (or any word) that agrees with a count: agree(1, 'matches', 'match') → "matches". */
export function agree(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** A count, its noun and the verb that agrees: counted(2, 'change', 'matches', 'match') → "2 changes match". */
export function counted(count: number, noun: string, verbOne: string, verbMany: string, nounMany = `${noun}s`): string {
  return `${plural(count, noun, nounMany)} ${agree(count, verbOne, verbMany)}`;
}
