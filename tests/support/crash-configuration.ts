import type { Configuration } from '@/lib/triggers';

export const CRASH_CONFIGURATION: Configuration = {
  t_slow: { after: ['go'], run: 'hang' },
  t_queued: { after: ['go'], run: 'echo' },
  t_after: { after: ['t_queued'], run: 'echo' },
};
