import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Failed' };

export default function FailedPage() {
  return (
    <>
      <PageHeader
        title="Failed instances"
        description="Task instances whose handler threw, across all sessions, newest first."
      />
      <EmptyState title="Coming soon">
        This page will list every failed task instance with its exception, and let you
        <strong className="font-medium text-zinc-900"> replay</strong> it (optionally with new kwargs) or
        <strong className="font-medium text-zinc-900"> skip</strong> it (optionally cascading a result to the
        tasks that wait on it).
      </EmptyState>
    </>
  );
}
