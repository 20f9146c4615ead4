import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { cache } from 'react';
import { StatusBadge } from '@/components/status-badge';
import { InstanceBreadcrumb } from '@/components/instance/breadcrumb';
import { EarlierFailureNote, ExceptionPanel } from '@/components/instance/exception-panel';
import { formatPreciseTime } from '@/components/instance/format';
import { InstanceNotFound } from '@/components/instance/instance-not-found';
import { KeyValueTable } from '@/components/instance/key-value-table';
import { KwargsSection, ResultSection, SimulatedResultSection } from '@/components/instance/kwargs-sections';
import { Lineage, type LineageEntry } from '@/components/instance/lineage';
import { LogsSummary } from '@/components/instance/logs-summary';
import { Section } from '@/components/instance/section';
import { TaskConfigView } from '@/components/instance/task-config';
import { Timeline } from '@/components/instance/timeline';
import { LiveHighlight } from '@/components/live/live-highlight';
import { LiveRefresh } from '@/components/live/live-refresh';
import { LiveStatus } from '@/components/live/live-status';
import { CopyButton } from '@/components/instance/copy-button';
import { prettyJson } from '@/components/instance/json-block';
import { MarkLogsResolvedForm } from './mark-logs-resolved-form';
import { ReplayForm } from './replay-form';
import { SkipForm } from './skip-form';
import { can, refusal } from '@/lib/auth/roles';
import { privacyFor, type ViewerPrivacy } from '@/lib/auth/payloads';
import { currentUser, requirePageUser } from '@/lib/auth/session';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';
import { instanceHref, taskHref } from '@/lib/routes';
import { InboxNav } from '@/components/failed/inbox-nav';
import { carriedInbox, INBOX_PARAM } from '@/lib/failed/url';
import { getInFlightNames, getInstancePage, type InstancePage } from '@/lib/sessions';
import { logsResolved } from '@/lib/triggers';
import { DeclaredShapes } from '@/components/recovery/declared-shapes';
import type { TaskContract } from '@/lib/validations/schema-issues';
import { validateAgainstSchemaAction } from '../../actions';
import { previewSkipCascadeAction } from './actions';
import { loadTaskContracts } from '@/lib/recovery/contracts';
import { loadSkipOutcome } from '@/lib/recovery/skip-outcome';
import { SkipOutcomePanel } from '@/components/recovery/skip-outcome-panel';
import { AuditHistoryLoader } from '../../audit-history-loader';
import { TimelineLoader } from '../../timeline-loader';
import { ScrollRegion } from '@/components/ui/scroll-region';

type Params = Promise<{ uid: string; name: string }>;

/** Metadata keys that have their own section; every other key goes to "Other metadata". */
const SHOWN_ELSEWHERE = new Set([
  'timestamps',
  'actualKwargs',
  'result',
  'exceptionType',
  'exceptionMessage',
  'exceptionInfo',
  'exceptionContext',
  'logLevel',
  'logsResolved',
  'parent',
  'depth',
  'skippedResult',
  'cascade',
]);

// One lookup per request, shared by generateMetadata and the page. PostgreSQL text cannot hold
// NUL, so no session or instance has one in its name: answer without asking the database.
// Keyed on the privacy's flag, not the object: a new object per call would defeat the cache.
const loadCached = cache(
  (uid: string, name: string, hidePayloads: boolean): Promise<InstancePage> =>
    hasNul(uid, name)
      ? Promise.resolve({ found: false, sessionExists: !hasNul(uid), isTaskName: false })
      : getInstancePage(uid, name, { hidePayloads }),
);
const load = (uid: string, name: string, privacy: ViewerPrivacy) => loadCached(uid, name, privacy.hidePayloads);

async function decodedParams(params: Params): Promise<{ uid: string; name: string }> {
  const { uid, name } = await params;
  return { uid: decodeRouteParam(uid), name: decodeRouteParam(name) };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await connection();
  const { uid, name } = await decodedParams(params);
  const user = await currentUser();
  if (!user) return { title: 'Sign in' }; // nothing about the instance before sign-in
  const page = await load(uid, name, privacyFor(user));
  if (!page.found) return { title: 'Instance not found', robots: { index: false } };
  return { title: `${name} (${page.detail.instance.status}) · ${uid}` };
}

export default async function InstancePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection(); // reads the database: render per request, never at build time
  const { uid, name } = await decodedParams(params);
  const user = await requirePageUser('read', instanceHref(uid, name));
  const operateRefusal = can(user.role, 'operate') ? undefined : refusal(user.role, 'operate');
  const privacy = privacyFor(user);
  const page = await load(uid, name, privacy);

  if (!page.found) {
    return (
      <>
        <InstanceBreadcrumb uid={uid} name={name} />
        <InstanceNotFound uid={uid} name={name} sessionExists={page.sessionExists} isTaskName={page.isTaskName} />
      </>
    );
  }

  const inFlight = await getInFlightNames(uid);
  const { instance, task, createdAt, ancestors, descendants } = page.detail;
  const { metadata, status } = instance;
  const failed = status === 'failed';
  const hasException = metadata.exceptionType !== undefined || metadata.exceptionInfo !== undefined;
  const otherMetadata = Object.entries(metadata).filter(([key]) => !SHOWN_ELSEWHERE.has(key));
  const sequence = name.slice(name.lastIndexOf('#') + 1);
  const current: LineageEntry = { name, status, depth: metadata.depth ?? 0, exceptionType: metadata.exceptionType ?? null };
  const simulated = status === 'skipped' && metadata.skippedResult !== undefined;
  const cascadePreview = failed ? await previewSkipCascadeAction({ uid, instance: name, simulatedResult: '{}' }) : null;
  // The engine's rule: logs of abandoned, replayed and skipped instances need no follow-up.
  const canMarkLogs = !logsResolved(instance);
  const contract: TaskContract | null = (await loadTaskContracts(uid, privacy))[instance.task] ?? null;
  const skipOutcome = status === 'skipped' ? await loadSkipOutcome(uid, name) : null;
  // The inbox filter this page was opened under (kept through replays): "Next failure →" follows it.
  const inbox = carriedInbox((await searchParams)[INBOX_PARAM]);

  return (
    <LiveRefresh uid={uid} inFlight={inFlight}>
      <InstanceBreadcrumb uid={uid} task={instance.task} name={name} />
      <header className="mb-6 flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="break-all font-mono text-2xl font-semibold tracking-tight text-zinc-900">{name}</h1>
        <LiveHighlight name={name}>
          <span data-testid="instance-status" data-status={status}>
            <StatusBadge status={status} />
          </span>
        </LiveHighlight>
        <p className="basis-full text-sm text-zinc-600">
          Instance #{sequence} of task{' '}
          <Link href={taskHref(uid, instance.task)} className="font-mono text-[13px] text-zinc-900 underline underline-offset-4">
            {instance.task}
          </Link>
          {current.depth > 0 ? <> · clone at depth {current.depth}</> : null} · created {formatPreciseTime(createdAt)}
        </p>
        {/* The next failure: from the inbox, and wherever a failure (or a replay of one) is read. */}
        {inbox !== null || hasException || metadata.parent !== undefined ? (
          <div className="basis-full">
            <InboxNav uid={uid} name={name} inbox={inbox ?? ''} />
          </div>
        ) : null}
        <div className="basis-full">
          <LiveStatus />
        </div>
      </header>

      <div className="space-y-6">
        {failed && hasException ? <ExceptionPanel metadata={metadata} status={status} /> : null}
        {failed && cascadePreview ? (
          <div className="grid gap-6 lg:grid-cols-5" id="recover">
            <Section
              id="replay"
              title="Replay"
              className="min-w-0 lg:col-span-3"
              description="Run this task again in a clone, with the original kwargs or corrected ones."
            >
              <ReplayForm
                uid={uid}
                instance={name}
                originalKwargs={prettyJson(instance.kwargs)}
                disabledReason={operateRefusal}
                kwargsSchema={contract?.kwargs ?? null}
                validateAction={validateAgainstSchemaAction}
                inbox={inbox}
              />
            </Section>
            <Section
              id="skip"
              title="Skip"
              className="min-w-0 lg:col-span-2"
              description="Give up on this instance, optionally passing a simulated result on to the tasks that wait on it."
            >
              <SkipForm
                uid={uid}
                instance={name}
                task={instance.task}
                initialPreview={cascadePreview}
                disabledReason={operateRefusal}
                contract={contract}
                validateAction={validateAgainstSchemaAction}
              />
            </Section>
          </div>
        ) : null}
        {skipOutcome ? <SkipOutcomePanel outcome={skipOutcome} /> : null}
        {!failed && hasException ? (
          <EarlierFailureNote
            uid={uid}
            status={status}
            metadata={metadata}
            latestClone={descendants[descendants.length - 1] ?? null}
            replayedBy={page.replayedBy}
          />
        ) : null}

        {simulated ? <SimulatedResultSection metadata={metadata} /> : null}

        <div className="grid gap-6 lg:grid-cols-5">
          <div className="min-w-0 space-y-6 lg:col-span-3">
            <KwargsSection uid={uid} instance={instance} simulatedKwargs={page.simulatedKwargs} />

            <ResultSection instance={instance} simulated={simulated} />
          </div>

          <div className="min-w-0 space-y-6 lg:col-span-2">
            <Section title="Statuses" description="Each status it entered, with the time between. What happened around it is in the Timeline below.">
              <Timeline timestamps={metadata.timestamps} createdAt={createdAt} />
            </Section>
            <Section title="Logs">
              <LogsSummary instance={instance} />
              {canMarkLogs ? <MarkLogsResolvedForm uid={uid} instance={name} disabledReason={operateRefusal} /> : null}
            </Section>
            <Section title="Lineage" description="Replays and retries clone an instance; the clone records its parent.">
              <Lineage
                uid={uid}
                current={current}
                ancestors={ancestors.map(toEntry)}
                descendants={descendants.map(toEntry)}
              />
            </Section>
          </div>
        </div>

        {!failed && hasException ? <ExceptionPanel metadata={metadata} status={status} replayedBy={page.replayedBy} /> : null}

        <Section title="Task configuration" description={`The current configuration of ${instance.task} in this session.`}>
          <TaskConfigView task={task} />
          <DeclaredShapes task={instance.task} contract={contract} />
        </Section>

        <Section title="Other metadata" description="Every metadata key not shown above.">
          {otherMetadata.length > 0 ? (
            <KeyValueTable entries={otherMetadata} caption="Other metadata" testId="other-metadata" />
          ) : (
            <p className="text-sm text-zinc-500">None.</p>
          )}
        </Section>

        <TimelineLoader uid={uid} instance={name} searchParams={searchParams} tasks={[instance.task]} privacy={privacy} testId="journal-timeline" />

        <AuditHistoryLoader uid={uid} instance={name} privacy={privacy} />

        <details className="rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm">
          <summary className="cursor-pointer font-medium text-zinc-700">Raw instance JSON (for a ticket)</summary>
          <div className="mt-3 flex justify-end">
            <CopyButton text={prettyJson(instance)} label="Copy JSON" />
          </div>
          <ScrollRegion as="pre" label="Raw instance JSON" className="mt-2 max-h-[32rem] overflow-auto rounded-md bg-zinc-50 px-3 py-2 font-mono text-xs text-zinc-800">
            {prettyJson(instance)}
          </ScrollRegion>
        </details>
      </div>
    </LiveRefresh>
  );
}

function toEntry(summary: { name: string; status: LineageEntry['status']; depth: number; exceptionType: string | null }): LineageEntry {
  return { name: summary.name, status: summary.status, depth: summary.depth, exceptionType: summary.exceptionType };
}
