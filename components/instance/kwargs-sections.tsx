import Link from 'next/link';
import { SimulatedBadge } from '@/components/ui/simulated-badge';
import { instanceHref } from '@/lib/routes';
import type { TaskInstance } from '@/lib/triggers';
import { JsonBlock } from './json-block';
import { Section } from './section';

/** The result support gave when it skipped the instance (cascaded or not). */
export function SimulatedResultSection({ metadata }: { metadata: TaskInstance['metadata'] }) {
  return (
    <Section
      title="Simulated result"
      description={
        metadata.cascade
          ? 'Support skipped this instance and cascaded this result to the tasks that wait on it, as if the handler had returned it.'
          : 'Support skipped this instance with this result, without cascading it to the tasks that wait on it.'
      }
      actions={
        <span className="flex items-center gap-2">
          <SimulatedBadge />
          <span className="text-xs text-zinc-500">{metadata.cascade ? 'cascaded' : 'not cascaded'}</span>
        </span>
      }
    >
      <JsonBlock title="Result given by support" value={metadata.skippedResult} empty="An empty result ({})" testId="skipped-result" />
    </Section>
  );
}

/**
 * What the triggers brought (per trigger, marking those whose kwargs support simulated) and what
 * the handler received.
 */
export function KwargsSection({ uid, instance, simulatedKwargs }: { uid: string; instance: TaskInstance; simulatedKwargs: Record<string, string> }) {
  const { metadata, status } = instance;
  return (
    <Section title="Kwargs" description="What the triggers brought, and what the handler actually received.">
      <div className="space-y-5">
        <JsonBlock
          title="kwargs"
          description="Per trigger, as fired."
          value={instance.kwargs}
          empty="No trigger has brought kwargs yet."
          testId="kwargs"
        />
        {Object.entries(simulatedKwargs).map(([trigger, skipped]) => (
          <p key={trigger} className="flex flex-wrap items-center gap-2 text-sm text-zinc-700" data-testid="simulated-kwargs">
            <SimulatedBadge testId="simulated-kwargs-badge" />
            <span>
              The kwargs of <code className="font-mono text-[13px]">{trigger}</code> are a simulated result: support skipped{' '}
              <Link href={instanceHref(uid, skipped)} className="font-mono text-[13px] text-zinc-900 underline underline-offset-4">
                {skipped}
              </Link>{' '}
              and passed this result on; the handler of {trigger} never produced it.
            </span>
          </p>
        ))}
        {metadata.actualKwargs !== undefined && sameJson(metadata.actualKwargs, instance.kwargs) ? (
          <div role="group" aria-label="actualKwargs" data-testid="actual-kwargs">
            <h3 className="text-sm font-semibold text-zinc-900">actualKwargs</h3>
            <p className="mt-1 text-sm text-zinc-600">
              Same as kwargs: the handler received exactly these (the task has no withParams that change them).
            </p>
          </div>
        ) : (
          <JsonBlock
            title="actualKwargs"
            description="kwargs merged over the task's withParams, as passed to the handler when it ran."
            value={metadata.actualKwargs}
            empty={status === 'unstarted' || status === 'scheduled' ? 'Not run yet.' : 'Not recorded.'}
            testId="actual-kwargs"
          />
        )}
        {instance.abandonState.length > 0 ? (
          <p className="text-sm text-zinc-600">
            <span className="font-medium text-zinc-900">unless triggers applied:</span>{' '}
            {instance.abandonState.map((trigger) => (
              <code key={trigger} className="mr-1 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs">
                {trigger}
              </code>
            ))}
          </p>
        ) : null}
      </div>
    </Section>
  );
}

/** What the handler returned (the kwargs of the cascade). */
export function ResultSection({ instance, simulated }: { instance: TaskInstance; simulated: boolean }) {
  const { metadata, status } = instance;
  return (
    <Section title="Result" description="What the handler returned: the kwargs of the cascade to the tasks that wait on this one.">
      <JsonBlock
        title="result"
        value={metadata.result}
        empty={
          status === 'finished'
            ? 'The handler returned nothing ({}).'
            : simulated
              ? 'The handler never returned; see the simulated result above.'
              : `No result: the instance is ${status}.`
        }
        testId="result"
      />
    </Section>
  );
}

/** Key order aside, the same JSON. */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, canonical(v)]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
