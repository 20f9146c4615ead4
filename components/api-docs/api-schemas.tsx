import type { ApiDocsView } from '@/lib/api/docs-view';
import { FieldTable } from './field-table';
import { DocText, TypeLink } from './doc-text';

/** Every named schema, with its fields (an object) or its type in words. */
export function SchemaList({ schemas }: { schemas: ApiDocsView['schemas'] }) {
  return (
    <section id="schemas" aria-labelledby="schemas-title" className="scroll-mt-20 space-y-3">
      <h2 id="schemas-title" className="text-lg font-semibold text-zinc-900">Schemas</h2>
      {schemas.map((schema) => (
        <section key={schema.id} id={`schema-${schema.id}`} aria-labelledby={`schema-${schema.id}-title`} className="scroll-mt-20 rounded-lg border border-zinc-200 bg-white p-4">
          <h3 id={`schema-${schema.id}-title`} className="font-mono text-sm font-semibold text-zinc-900">{schema.id}</h3>
          {schema.description ? <p className="mt-1 text-sm text-zinc-600"><DocText text={schema.description} /></p> : null}
          {schema.fields.length > 0 ? (
            <FieldTable fields={schema.fields} caption={`Fields of ${schema.id}`} />
          ) : (
            <p className="mt-1 text-sm"><TypeLink type={schema.type} /></p>
          )}
        </section>
      ))}
    </section>
  );
}

/** The problem types every error answer names in its `type`. */
export function ProblemTypes({ problems }: { problems: ApiDocsView['problems'] }) {
  return (
    <section id="problems" aria-labelledby="problems-title" className="scroll-mt-20">
      <h2 id="problems-title" className="text-lg font-semibold text-zinc-900">Problem types</h2>
      <p className="mt-1 text-sm text-zinc-600">
        Errors are <code className="font-mono">application/problem+json</code>: <code className="font-mono">type</code>, <code className="font-mono">title</code>,{' '}
        <code className="font-mono">status</code>, <code className="font-mono">detail</code>, and <code className="font-mono">errors</code> (each{' '}
        <code className="font-mono">path</code> and <code className="font-mono">message</code>) for invalid input. Never a stack trace: a 500 carries a{' '}
        <code className="font-mono">requestId</code> to find in the server log.
      </p>
      <table className="mt-3 w-full border-collapse text-sm">
        <caption className="sr-only">Problem types</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600">
          <tr>
            <th scope="col" className="px-3 py-2 text-left">Status</th>
            <th scope="col" className="px-3 py-2 text-left">Type</th>
            <th scope="col" className="px-3 py-2 text-left">Meaning</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {problems.map((p) => (
            <tr key={p.code} id={`problem-${p.code}`} className="scroll-mt-20">
              <td className="px-3 py-2 align-top font-mono font-semibold text-zinc-900">{p.status}</td>
              <td className="px-3 py-2 align-top">
                <span className="font-mono text-xs text-zinc-900">{p.code}</span>
                <span className="block text-xs text-zinc-600">{p.title}</span>
              </td>
              <td className="px-3 py-2 align-top text-zinc-700"><DocText text={p.about} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
