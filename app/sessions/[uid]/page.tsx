import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache, Suspense } from 'react';
import { connection } from 'next/server';
import { FiredTriggersSection } from '@/components/session/fired-triggers-section';
import { decodeRouteParam } from '@/lib/http/route-params';
import { sessionHref, snapshotHref } from '@/lib/routes';
import { layoutTaskGraph } from '@/components/session/graph-layout';
import { JsonTree } from '@/components/session/json-tree';
import { Section } from '@/components/session/section';
import { SessionHeader } from '@/components/session/session-header';
import { SessionLoading } from '@/components/session/session-loading';
import { TaskCard, type TaskInstancesSlice } from '@/components/session/task-card';
import { GraphLegend, TaskGraph } from '@/components/session/task-graph';
import type { SessionTask } from '@/components/session/types';
import { UnresolvedSection } from '@/components/session/unresolved-section';
import { FireTriggerForm } from './fire-trigger-form';
import { LiveRefresh } from '@/components/live/live-refresh';
import { LiveStatus } from '@/components/live/live-status';
import { can, refusal } from '@/lib/auth/roles';
import { privacyFor } from '@/lib/auth/payloads';
import { currentUser, requirePageUser, type SignedInUser } from '@/lib/auth/session';
import { getDebugSnapshot, getInFlightNames, getSessionPage, getTaskInstancesPage, hasSession } from '@/lib/sessions';
import { loadTaskContracts } from '@/lib/recovery/contracts';
import { validateAgainstSchemaAction } from './actions';
import type { TaskContract } from '@/lib/validations/schema-issues';
import { AuditHistoryLoader } from './audit-history-loader';
import { TimelineLoader } from './timeline-loader';

const INSTANCES_PER_TASK = 25;
/** Above this, the debug snapshot (megabytes) is not sent with the page but loaded on request. */
const INLINE_SNAPSHOT_MAX_INSTANCES = 300;
const INLINE_SNAPSHOT_MAX_CHARS = 400_000;

type Params = Promise<{ uid: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One load per request, shared by the metadata and the page (keyed on the privacy's flag). */
const loadSession = cache((uid: string, hidePayloads: boolean) => getSessionPage(uid, { hidePayloads }, INSTANCES_PER_TASK));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const uid = decodeRouteParam((await params).uid);
  const user = await currentUser();
  if (!user) return { title: 'Sign in' }; // nothing about the session before sign-in
  const view = await loadSession(uid, privacyFor(user).hidePayloads);
  return { title: view ? `Session ${uid}` : 'Session not found' };
}

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/** The per-task pager: `?task=<name>&after=<seq>` shows that task's instances after `seq`. */
async function sliceFor(uid: string, task: SessionTask, pager: { task?: string; after?: string }): Promise<TaskInstancesSlice> {
  const firstSlice: TaskInstancesSlice = {
    instances: task.instances,
    nextCursor: task.instanceCount > task.instances.length ? String(task.instances.at(-1)?.seq ?? '') || null : null,
    paged: false,
  };
  if (pager.task !== task.name || pager.after === undefined) return firstSlice;
  // Sequence cursors are plain numbers; anything else comes from a mangled link.
  if (!/^\d{1,9}$/.test(pager.after)) {
    return { ...firstSlice, note: 'The page link was not valid, so the first instances are shown.' };
  }
  const page = await getTaskInstancesPage(uid, task.name, pager.after, INSTANCES_PER_TASK);
  return { instances: page.rows, nextCursor: page.nextCursor, paged: true };
}

export default async function SessionPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection(); // reads the database: render per request
  const uid = decodeRouteParam((await params).uid);
  const user = await requirePageUser('read', sessionHref(uid));
  // Decided before anything streams, so an unknown uid is a real 404: once a loading fallback is
  // sent, the status is 200 whatever follows. Hence the Suspense here rather than a loading.tsx,
  // which would wrap this whole page.
  if (!(await hasSession(uid))) notFound();
  return (
    <Suspense fallback={<SessionLoading />}>
      <SessionContent uid={uid} user={user} searchParams={searchParams} />
    </Suspense>
  );
}

async function SessionContent({ uid, user, searchParams }: { uid: string; user: SignedInUser; searchParams: SearchParams }) {
  const privacy = privacyFor(user);
  const query = await searchParams;
  const view = await loadSession(uid, privacy.hidePayloads);
  if (!view) notFound(); // deleted meanwhile

  const pager = { task: single(query.task), after: single(query.after) };
  const [slices, snapshot, inFlight] = await Promise.all([
    Promise.all(view.tasks.map((task) => sliceFor(uid, task, pager))),
    view.session.instanceCount <= INLINE_SNAPSHOT_MAX_INSTANCES ? getDebugSnapshot(uid, privacy) : Promise.resolve(null),
    getInFlightNames(uid),
  ]);
  const inlineSnapshot = snapshot && JSON.stringify(snapshot).length <= INLINE_SNAPSHOT_MAX_CHARS ? snapshot : undefined;
  const now = new Date();
  const contracts: Record<string, TaskContract> = await loadTaskContracts(uid, privacy);
  const waitingOn: Record<string, string[]> = {};
  for (const task of view.tasks) for (const trigger of task.after) (waitingOn[trigger] ??= []).push(task.name);
  const taskNames = new Set(view.tasks.map((task) => task.name));
  const unknownPagerTask = pager.task !== undefined && !taskNames.has(pager.task);
  const graph = layoutTaskGraph(
    view.tasks,
    new Map(view.firedTriggers.map((trigger) => [trigger.trigger, trigger.fireCount])),
  );

  return (
    // Follows scheduled and running instances (after Fire trigger, or a replay elsewhere) by itself.
    <LiveRefresh uid={uid} inFlight={inFlight}>
      <SessionHeader session={view.session} now={now} live={<LiveStatus />} />

      <Section
        id="tasks"
        title="Tasks"
        description="Every configured task in configuration order, with its directives as a sentence and its instances (oldest first)."
      >
        {unknownPagerTask ? (
          <p role="status" className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This session has no task named <code className="font-mono">{pager.task}</code>; the first instances of every task are shown.
          </p>
        ) : null}
        {view.tasks.length === 0 ? (
          <p className="text-sm text-zinc-500">No task is configured in this session.</p>
        ) : (
          <div className="space-y-4">
            {view.tasks.map((task, i) => (
              <TaskCard key={task.name} uid={uid} task={task} slice={slices[i]!} now={now} contract={contracts?.[task.name] ?? null} />
            ))}
          </div>
        )}
      </Section>

      <UnresolvedSection
        uid={uid}
        tasks={view.tasks}
        unresolvedTasks={view.unresolvedTasks}
        unresolvedInstances={view.unresolvedInstances}
        unresolvedInstanceCount={view.session.unresolvedInstanceCount}
      />

      <FiredTriggersSection firedTriggers={view.firedTriggers} taskNames={taskNames} simulated={new Set(view.simulatedTriggers)} now={now} />

      <Section
        id="fire-trigger"
        title="Fire a trigger"
        description="Fire a trigger into this session by hand, as the application would: the tasks waiting on it get its kwargs."
      >
        <FireTriggerForm
          uid={uid}
          waitingOn={waitingOn}
          contracts={contracts}
          validateAction={validateAgainstSchemaAction}
          disabledReason={can(user.role, 'operate') ? undefined : refusal(user.role, 'operate')}
          triggers={[...new Set(view.tasks.flatMap((task) => [...task.after, ...task.unless, ...(task.andEvery ? [task.andEvery] : [])]))].sort()}
        />
      </Section>

      <TimelineLoader uid={uid} searchParams={query} tasks={view.tasks.map((t) => t.name)} privacy={privacy} />

      <AuditHistoryLoader uid={uid} privacy={privacy} />

      <Section
        id="graph"
        title="Graph"
        description="Which triggers start which tasks. A task's result is a trigger too: an arrow from one task to another is a cascade."
      >
        {view.tasks.length === 0 ? (
          <p className="text-sm text-zinc-500">No task is configured, so there is no graph.</p>
        ) : (
          <>
            <TaskGraph layout={graph} title={`Task graph of session ${uid}`} />
            <GraphLegend />
          </>
        )}
      </Section>

      <Section
        id="debug-snapshot"
        title="Debug snapshot"
        description="The store's debugRepr(): tasks, instances and their metadata exactly as stored. Attach the download to a ticket."
      >
        <JsonTree
          value={inlineSnapshot}
          downloadHref={snapshotHref(uid)}
          downloadName={`${uid}-snapshot.json`}
          deferredReason={`This session has ${view.session.instanceCount} instances: its snapshot is large, so it is not loaded with the page.`}
        />
      </Section>
    </LiveRefresh>
  );
}
