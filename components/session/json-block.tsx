import { ScrollRegion } from '@/components/ui/scroll-region';

/** Pretty-printed JSON as text (never as HTML); long lines wrap, long blocks scroll in their box. */
export function JsonBlock({ value, label, className = '' }: { value: unknown; label?: string; className?: string }) {
  return (
    <ScrollRegion
      as="pre"
      label={label ?? 'JSON'}
      className={`max-h-72 overflow-auto whitespace-pre-wrap rounded-md [overflow-wrap:anywhere] border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-800 ${className}`}
    >
      {JSON.stringify(value, null, 2)}
    </ScrollRegion>
  );
}
