/** The search page's URL state: /search?q=…&cursor=… (a link to a search can go into a ticket). */
import { z } from 'zod';
import { cursorParam, hrefWithParams } from '@/lib/http/search-params';

/** Longer text is refused with a message (not cut): what was typed is not what would be searched. */
export const SEARCH_MAX_TEXT = 200;

export const searchPageSchema = z.object({
  // Kept as typed (up to a generous bound) so that the page can say what is wrong with it.
  q: z.string().max(100_000).optional().catch(undefined),
  cursor: cursorParam,
});
export type SearchPageState = z.infer<typeof searchPageSchema>;

export function searchHref(q: string, cursor?: string | null): string {
  return hrefWithParams('/search', { q, cursor });
}

/** The command palette's endpoint (JSON). */
export function searchApiHref(q: string): string {
  return hrefWithParams('/api/search', { q });
}
