import type { ApiDocsView, DocOperation } from '@/lib/api/docs-view';
import { DocText, MethodBadge, TypeLink } from './doc-text';
import { ProblemTypes, SchemaList } from './api-schemas';
import { FieldTable } from './field-table';

const SCOPE_LABELS: Record<DocOperation['scope'], { text: string; className: string }> = {
  read: { text: 'read or operate token', className: 'bg-zinc-100 text-zinc-800' },
  operate: { text: 'operate token', className: 'bg-amber-50 text-amber-900 ring-1 ring-amber-200' },
  none: { text: 'no token needed', className: 'bg-zinc-50 text-zinc-700 ring-1 ring-zinc-200' },
};

function Operation({ op, titles }: { op: DocOperation; titles: Record<string, string> }) {
  const scope = SCOPE_LABELS[op.scope];
  return (
    <section id={`op-${op.id}`} aria-labelledby={`op-${op.id}-title`} className="scroll-mt-20 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <h3 id={`op-${op.id}-title`} className="flex flex-wrap items-center gap-2">
        <MethodBadge method={op.method} />
        <code className="break-all font-mono text-sm font-semibold text-zinc-900">{op.path}</code>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${scope.className}`}>{scope.text}</span>
      </h3>
      <p className="mt-2 text-sm text-zinc-800">{op.summary}.</p>
      {op.description ? <p className="mt-1 text-sm text-zinc-600"><DocText text={op.description} /></p> : null}
      {op.parameters.length > 0 ? (
        <div className="mt-3">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-600">Parameters</h4>
          <FieldTable fields={op.parameters} caption={`Parameters of ${op.method} ${op.path}`} showWhere />
        </div>
      ) : null}
      {op.body ? (
        <p className="mt-3 text-sm text-zinc-700">
          <span className="text-xs font-semibold uppercase tracking-wide text-zinc-600">Body</span>{' '}
          <span className="text-xs text-zinc-600">(application/json{op.body.required ? '' : ', optional'})</span>: <TypeLink type={op.body.type} />
        </p>
      ) : null}
      <div className="mt-3">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-600">Answers</h4>
        <ul className="mt-1 space-y-1 text-sm">
          <li>
            <span className="font-mono font-semibold text-emerald-800">{op.success.status}</span> {op.success.description} <TypeLink type={op.success.type} />
          </li>
          {op.problems.map((p) => (
            <li key={p.status} className="text-zinc-700">
              <span className="font-mono font-semibold text-rose-800">{p.status}</span>{' '}
              {p.codes.map((code, i) => (
                <span key={code}>
                  {i > 0 ? ', ' : ''}
                  <a href={`#problem-${code}`} className="font-mono text-xs underline underline-offset-2">{code}</a>
                  <span className="text-xs text-zinc-600"> ({titles[code]})</span>
                </span>
              ))}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** The API reference: how to call, then every operation by group, the schemas and the problem types. */
export function ApiReference({ view, documentHref }: { view: ApiDocsView; documentHref: string }) {
  const titles = Object.fromEntries(view.problems.map((p) => [p.code, p.title]));
  return (
    <div className="grid gap-8 lg:grid-cols-[14rem_1fr]">
      <nav aria-label="API reference" className="text-sm lg:sticky lg:top-4 lg:self-start">
        <ul className="space-y-3">
          {view.groups.map((group) => (
            <li key={group.tag}>
              <a href={`#group-${group.tag.replace(/\W+/g, '-')}`} className="font-semibold text-zinc-900 underline-offset-2 hover:underline">{group.tag}</a>
              <ul className="mt-1 space-y-0.5 pl-2">
                {group.operations.map((op) => (
                  <li key={op.id}>
                    <a href={`#op-${op.id}`} className="block font-mono text-xs text-zinc-700 underline-offset-2 hover:underline" title={op.summary}>
                      <span className="font-semibold">{op.method}</span>{' '}
                      {op.path.slice(view.basePath.length).split('/').slice(1).map((segment, i) => (
                        <span key={i}>/{segment}<wbr /></span>
                      ))}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
          <li><a href="#schemas" className="font-semibold text-zinc-900 underline-offset-2 hover:underline">Schemas</a></li>
          <li><a href="#problems" className="font-semibold text-zinc-900 underline-offset-2 hover:underline">Problem types</a></li>
        </ul>
      </nav>
      <div className="min-w-0 space-y-8">
        <section aria-labelledby="api-start" className="rounded-lg border border-zinc-200 bg-zinc-50 p-4 text-sm text-zinc-800">
          <h2 id="api-start" className="text-base font-semibold text-zinc-900">Calling the API</h2>
          <p className="mt-1"><DocText text={view.description} /></p>
          <pre className="mt-3 overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-xs text-zinc-100">{`curl -X POST "$TRIGGERBOARD${view.basePath}/sessions/order-1042/triggers/paymentReceived" \\
  -H "Authorization: Bearer $TB_TOKEN" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: $(uuidgen)" -d '{"amount": "42.00"}'`}</pre>
          <p className="mt-3">
            The machine-readable document: <a href={documentHref} className="font-medium underline underline-offset-2">{documentHref}</a> (OpenAPI 3.1).
          </p>
        </section>
        {view.groups.map((group) => (
          <section key={group.tag} id={`group-${group.tag.replace(/\W+/g, '-')}`} aria-label={group.tag} className="scroll-mt-20 space-y-3">
            <h2 className="text-lg font-semibold text-zinc-900">{group.tag}</h2>
            {group.operations.map((op) => <Operation key={op.id} op={op} titles={titles} />)}
          </section>
        ))}
        <SchemaList schemas={view.schemas} />
        <ProblemTypes problems={view.problems} />
      </div>
    </div>
  );
}
