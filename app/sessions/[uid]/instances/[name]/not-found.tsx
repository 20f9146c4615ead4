'use client';

import { useParams } from 'next/navigation';
import { InstanceNotFound } from '@/components/instance/instance-not-found';
import { decodeRouteParam } from '@/lib/http/route-params';

/**
 * Fallback for `notFound()` below this segment. The page itself renders the precise explanation
 * (unknown session, task name instead of instance name); here only the URL is known.
 */
export default function NotFound() {
  const params = useParams<{ uid: string; name: string }>();
  const uid = decodeRouteParam(params.uid ?? '');
  const name = params.name ? decodeRouteParam(params.name) : null;
  return <InstanceNotFound uid={uid} name={name} sessionExists={null} isTaskName={false} />;
}
