/** Small display helpers for the session pages (pure, usable on the server and the client). */

export { agree, counted, formatDuration, plural } from '@/lib/format';

/** "just now", "5 min ago", "3 h ago", "2 d ago" relative to `now`. */
export function formatAgo(value: Date | string, now: Date = new Date()): string {
  const ms = now.getTime() - new Date(value).getTime();
  if (ms < 60_000) return 'just now';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * How long the handler ran: from the `running` timestamp to `finished` or `failed`, when both
 * are in the instance's metadata. Null otherwise (never ran, still running, skipped…).
 */
export function runDurationMs(timestamps: Record<string, string>): number | null {
  const start = timestamps.running;
  const end = timestamps.finished ?? timestamps.failed;
  if (!start || !end) return null;
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
