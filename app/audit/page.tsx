import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Audit' };

export default function AuditPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, and when: every operator action taken from the dashboard."
      />
      <EmptyState title="Coming soon">
        This page will record each replay, skip and status change made from the dashboard, with
        the operator, the instance, the kwargs used and the time.
      </EmptyState>
    </>
  );
}
