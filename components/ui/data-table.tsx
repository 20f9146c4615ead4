import type { ReactNode } from 'react';
import { Card } from './card';
import { ScrollRegion } from '@/components/ui/scroll-region';

/**
 * Cell classes per density: `regular` for the lists a page is about (`roomy` where the columns
 * are few and short), `compact` for a table inside a card or section. Rows use `td` (and `th` for
 * their row header) so the cells line up with the header.
 */
export const TABLE_CELLS = {
  regular: { th: 'whitespace-nowrap px-3 py-2.5 first:pl-4 last:pr-4', td: 'px-3 py-2.5 align-top first:pl-4 last:pr-4' },
  roomy: { th: 'whitespace-nowrap px-4 py-2.5', td: 'px-4 py-2.5 align-top' },
  compact: { th: 'whitespace-nowrap px-3 py-2', td: 'px-3 py-1.5 align-top' },
} as const;
export type TableDensity = keyof typeof TABLE_CELLS;

/** The link style of names in a table (an instance, a session uid). */
export const monoLink = 'font-mono text-[13px] font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';

const headerClass = (th: string, column: TableColumn) =>
  [column.wrap ? th.replace('whitespace-nowrap ', '') : th, column.className].filter(Boolean).join(' ');

export interface TableColumn {
  label: ReactNode;
  /** Only for screen readers (a column of buttons or links). */
  srOnly?: boolean;
  className?: string;
  title?: string;
  /** A `<col>` class (with `fixed` tables): the column's width. */
  width?: string;
  /** The label may wrap (a long one over a narrow column). */
  wrap?: boolean;
}

/**
 * The frame every table uses: a scroll box (sideways on narrow windows), a caption for screen
 * readers, the header row and one row per item; `empty` stands instead when there is none.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  renderRow,
  empty,
  testId,
  density = 'regular',
  frame = 'card',
  tableClassName = '',
}: {
  caption: string;
  columns: readonly TableColumn[];
  rows: readonly Row[];
  /** One `<tr>` (with its key) per row. */
  renderRow: (row: Row, index: number) => ReactNode;
  empty?: ReactNode;
  testId?: string;
  density?: TableDensity;
  /** `card` stands on the page; `inset` sits inside a card. */
  frame?: 'card' | 'inset';
  /** E.g. `table-fixed min-w-[760px]` with column widths. */
  tableClassName?: string;
}) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const { th } = TABLE_CELLS[density];
  const table = (
    <ScrollRegion label={caption} className={frame === 'inset' ? 'overflow-x-auto rounded-md border border-zinc-200' : 'overflow-x-auto'}>
      <table className={`w-full text-left text-sm ${tableClassName}`} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        {columns.some((column) => column.width) ? (
          <colgroup>
            {columns.map((column, i) => (
              <col key={i} className={column.width} />
            ))}
          </colgroup>
        ) : null}
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={headerClass(th, column)} title={column.title}>
                {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{rows.map(renderRow)}</tbody>
      </table>
    </ScrollRegion>
  );
  return frame === 'card' ? <Card>{table}</Card> : table;
}
