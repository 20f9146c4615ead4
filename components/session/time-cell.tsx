import { formatDateTime } from '@/lib/format';
import { formatAgo } from './format';

/** An absolute UTC time with how long ago it was (beside it, or below when `stacked`). */
export function TimeCell({ value, now, relative = true, stacked = false }: { value: Date; now?: Date; relative?: boolean; stacked?: boolean }) {
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {formatDateTime(value)}
      {relative ? (
        <span className={stacked ? 'block text-xs text-zinc-500' : 'ml-1.5 text-zinc-500'}>{stacked ? formatAgo(value, now) : `(${formatAgo(value, now)})`}</span>
      ) : null}
    </time>
  );
}
