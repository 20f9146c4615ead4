import type { DocField } from '@/lib/api/docs-view';
import { DocText, TypeLink } from './doc-text';

const cell = 'px-3 py-2 align-top text-left';

/** Parameters or a schema's fields: name (and whether required), type, description. */
export function FieldTable({ fields, caption, showWhere = false }: { fields: DocField[]; caption: string; showWhere?: boolean }) {
  return (
    <table className="mt-2 w-full border-collapse text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600">
        <tr>
          <th scope="col" className={cell}>Name</th>
          {showWhere ? <th scope="col" className={cell}>In</th> : null}
          <th scope="col" className={cell}>Type</th>
          <th scope="col" className={cell}>Description</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {fields.map((field) => (
          <tr key={`${field.where ?? ''}${field.name}`}>
            <td className={`${cell} whitespace-nowrap font-mono text-xs text-zinc-900`}>
              {field.name}
              {field.required ? <span className="ml-1 text-[11px] font-sans font-semibold text-rose-800"> required</span> : null}
            </td>
            {showWhere ? <td className={`${cell} text-xs text-zinc-700`}>{field.where}</td> : null}
            <td className={cell}><TypeLink type={field.type} /></td>
            <td className={`${cell} text-zinc-700`}>{field.description ? <DocText text={field.description} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

