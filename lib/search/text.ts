/**
 * Checking what was typed into a search box, and cutting the snippet around a match. Pure
 * functions (no database), shared by the search page, the command palette and their tests.
 */
import { SEARCH_MAX_TEXT } from './url';

export type SearchTextCheck = { ok: true; text: string } | { ok: false; message: string };

/** The text to search for, or why there is none: never throws, whatever was typed. */
export function checkSearchText(raw: string | undefined): SearchTextCheck {
  const text = (raw ?? '').trim();
  if (!text) return { ok: false, message: 'Type a session uid, an instance name, words of an error, an email or an order id.' };
  if (text.includes('\u0000')) return { ok: false, message: 'The search text contains a NUL character, which no stored text can contain.' };
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) {
    return { ok: false, message: 'The search text contains a broken character (a lone surrogate).' };
  }
  if (text.length > SEARCH_MAX_TEXT) {
    return { ok: false, message: `The search text is ${text.length.toLocaleString('en')} characters long; search for at most ${SEARCH_MAX_TEXT}.` };
  }
  return { ok: true, text };
}

/** A match inside a longer text: what comes before, the match itself, what comes after. */
export interface Snippet {
  before: string;
  match: string;
  after: string;
}

const CONTEXT = 60;

/**
 * The part of `text` around the first case-insensitive occurrence of `needle`, with up to
 * CONTEXT characters on each side (… where cut). Null when `needle` does not occur.
 */
export function snippetAround(text: string, needle: string): Snippet | null {
  const at = text.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0 || !needle) return null;
  const end = at + needle.length;
  const from = Math.max(0, at - CONTEXT);
  const to = Math.min(text.length, end + CONTEXT);
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, at),
    match: text.slice(at, end),
    after: text.slice(end, to) + (to < text.length ? '…' : ''),
  };
}
