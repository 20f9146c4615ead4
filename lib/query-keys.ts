/** Every TanStack Query key of the app, in one place, so invalidations match the queries. */
export const queryKeys = {
  health: ['health'] as const,
  sessions: {
    all: ['sessions'] as const,
    /** The session's in-flight (scheduled or running) instance names: `GET /api/sessions/[uid]/live`. */
    live: (uid: string) => ['sessions', uid, 'live'] as const,
  },
  /** A bulk operation's progress: `GET /api/bulk/[id]`. */
  bulk: (id: string) => ['bulk', id] as const,
};
