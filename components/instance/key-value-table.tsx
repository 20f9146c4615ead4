import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import { prettyJson } from './json-block';
import { ScrollRegion } from '@/components/ui/scroll-region';

const { td } = TABLE_CELLS.compact;
const COLUMNS = [{ label: 'Key', className: 'w-1/4' }, { label: 'Value' }];

/** Keys and their values (as JSON, monospace). Text only: HTML in values is shown, never rendered. */
export function KeyValueTable({
  entries,
  caption,
  testId,
}: {
  entries: Array<[string, unknown]>;
  caption: string;
  testId?: string;
}) {
  return (
    <DataTable
      caption={caption}
      columns={COLUMNS}
      rows={entries}
      density="compact"
      frame="inset"
      testId={testId}
      renderRow={([key, value]) => (
        <tr key={key}>
          <th scope="row" className={`${td} whitespace-nowrap font-mono text-xs font-medium text-zinc-700`}>
            {key}
          </th>
          <td className={td}>
            <ScrollRegion as="pre" label={key} className="max-h-60 overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] font-mono text-xs text-zinc-800">
              {prettyJson(value)}
            </ScrollRegion>
          </td>
        </tr>
      )}
    />
  );
}
