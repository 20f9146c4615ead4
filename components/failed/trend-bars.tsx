/**
 * A failure trend as a small bar chart: an inline SVG with its numbers as text for assistive
 * technology (role="img" and a label saying the total and the busiest bucket), and each bar's
 * own count in a <title> tooltip.
 */
export function TrendBars({
  values,
  period,
  bucket,
  testId,
}: {
  /** Oldest first. */
  values: number[];
  /** "last 24 hours" */
  period: string;
  /** "hour" */
  bucket: string;
  testId?: string;
}) {
  const total = values.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, ...values);
  const label = total === 0 ? `No failures in the ${period}` : `${total} failure${total === 1 ? '' : 's'} in the ${period}; at most ${peak} in one ${bucket}`;
  const width = 4;
  const gap = 1;
  const height = 20;
  return (
    <span className="inline-flex items-end gap-1.5" data-testid={testId} data-total={total}>
      <svg role="img" aria-label={label} width={values.length * (width + gap)} height={height} className="shrink-0 overflow-visible">
        <title>{label}</title>
        {values.map((value, i) => {
          const h = value === 0 ? 1 : Math.max(3, Math.round((value / peak) * height));
          const ago = values.length - 1 - i;
          return (
            <rect key={i} x={i * (width + gap)} y={height - h} width={width} height={h} rx={1} className={value === 0 ? 'fill-zinc-200' : 'fill-red-600'}>
              <title>{`${value} ${ago === 0 ? `this ${bucket}` : `${ago} ${bucket}${ago === 1 ? '' : 's'} ago`}`}</title>
            </rect>
          );
        })}
      </svg>
      <span className="text-xs tabular-nums text-zinc-600" aria-hidden>
        {total}
      </span>
    </span>
  );
}
