import type { FailedAge, TriageAssignee, TriageState } from '@/lib/failed/url';
import { AGE_DESCRIPTIONS, ASSIGNEE_DESCRIPTIONS, STATE_DESCRIPTIONS } from './labels';

const code = 'rounded bg-zinc-100 px-1 font-mono text-[13px] text-zinc-900';

/** " of task X, with exception Y, in sessions whose uid starts with Z, that failed in the last hour" */
export function FilterDescription({
  filter,
}: {
  filter: { task?: string; type?: string; session?: string; q?: string; age?: FailedAge; fingerprint?: string; state?: TriageState; assignee?: TriageAssignee };
}) {
  const parts = [
    filter.state && filter.state !== 'all' ? <>in {STATE_DESCRIPTIONS[filter.state]} groups</> : null,
    filter.assignee && filter.assignee !== 'anyone' ? <>{ASSIGNEE_DESCRIPTIONS[filter.assignee]}</> : null,
    filter.task ? <>of task <code className={code}>{filter.task}</code></> : null,
    filter.type ? <>with exception <code className={code}>{filter.type}</code></> : null,
    filter.fingerprint ? <>in failure group <code className={code}>{filter.fingerprint.slice(0, 12)}</code></> : null,
    filter.session ? <>in sessions whose uid starts with <code className={code}>{filter.session}</code></> : null,
    filter.q ? <>whose message or payload contains <code className={code}>{filter.q}</code></> : null,
    filter.age ? <>that failed {AGE_DESCRIPTIONS[filter.age]}</> : null,
  ].filter((part) => part !== null);
  return parts.map((part, i) => (
    <span key={i}>
      {i > 0 ? ', ' : ' '}
      {part}
    </span>
  ));
}
