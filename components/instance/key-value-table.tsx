import { prettyJson } from './json-block';

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
    <div className="overflow-x-auto rounded-md border border-zinc-200">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className="w-1/4 px-3 py-2">Key</th>
            <th scope="col" className="px-3 py-2">Value</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {entries.map(([key, value]) => (
            <tr key={key} className="align-top">
              <th scope="row" className="whitespace-nowrap px-3 py-2 font-mono text-xs font-medium text-zinc-700">
                {key}
              </th>
              <td className="px-3 py-2">
                <pre className="max-h-60 overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] font-mono text-xs text-zinc-800">
                  {prettyJson(value)}
                </pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
