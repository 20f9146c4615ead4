import type { FailedAge } from '@/lib/failed/url';

export const AGE_LABELS: Record<FailedAge, string> = {
  hour: 'Last hour',
  day: 'Last 24 hours',
  week: 'Last 7 days',
  older: 'Older than 7 days',
};

export const AGE_DESCRIPTIONS: Record<FailedAge, string> = {
  hour: 'in the last hour',
  day: 'in the last 24 hours',
  week: 'in the last 7 days',
  older: 'more than 7 days ago',
};
