const precise = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** A status stamp to the millisecond, in UTC (runs often take less than a second). */
export function formatPreciseTime(value: Date | string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : `${precise.format(date)} UTC`;
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

const LEVELS: Array<[number, string]> = [
  [40, 'error'],
  [30, 'warn'],
  [20, 'info'],
  [10, 'debug'],
];

/** The name of the engine's numeric log level (10 debug, 20 info, 30 warn, 40 error). */
export function logLevelName(level: number | undefined): string | null {
  if (level === undefined || level === null || level <= 0) return null;
  return LEVELS.find(([threshold]) => level >= threshold)?.[1] ?? 'debug';
}
