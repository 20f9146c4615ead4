/** Every TanStack Query key of the app, in one place, so invalidations match the queries. */
export const queryKeys = {
  health: ['health'] as const,
};
