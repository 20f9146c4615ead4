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

export { formatDuration } from '@/lib/format';

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
