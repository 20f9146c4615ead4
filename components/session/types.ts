import type { SessionView } from '@/lib/sessions';

/** Shapes of the session page's data, derived from the service layer's one view type. */
export type SessionTask = SessionView['tasks'][number];
export type InstanceRow = SessionView['unresolvedInstances'][number];
export type FiredTriggerRow = SessionView['firedTriggers'][number];
