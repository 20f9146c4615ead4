import { AuditHistorySection } from '@/components/audit/audit-history-section';
import type { ViewerPrivacy } from '@/lib/auth/payloads';
import { getAuditHistory } from '@/lib/audit/view';

/** Loads the latest changes made to a session (or one instance of it) and renders its History section. */
export async function AuditHistoryLoader({ uid, instance, privacy }: { uid: string; instance?: string; privacy: ViewerPrivacy }) {
  const history = await getAuditHistory(uid, instance, privacy);
  return <AuditHistorySection uid={uid} instance={instance} history={history} now={new Date()} />;
}
