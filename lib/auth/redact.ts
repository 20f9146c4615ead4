/**
 * Exception messages (and the stack text that repeats them) often quote what a handler was
 * given: an email, an account number, a token, a value in quotes. For viewers who must not see
 * payloads, those parts are replaced with readable placeholders; the sentence around them stays,
 * so the failure can still be understood. Stack frames keep their file, line and column, with
 * paths relative to the app instead of the server's folders. Pure: no request, no database.
 *
 * Linear in the text's length (a 1 MB message is redacted in milliseconds): quoted values are
 * found by a scanner, and every pattern below can only start where its kind of run starts.
 */

/** Stand-ins, so a reader sees what kind of value was there. */
export const REDACTED = { email: '[email]', number: '[number]', value: '[value]', token: '[token]' } as const;

/** Opening quote → its closing quote. */
const QUOTES: Readonly<Record<string, string>> = { "'": "'", '"': '"', '`': '`', '‘': '’', '“': '”' };
const WORD = /[\p{L}\p{N}_]/u;

// Tried left to right on the text between quoted values, so a part is replaced once.
// - email: local@domain, also without a top-level domain or URL-encoded (ada%40example.com): bad
//   input is still customer data.
// - jwt: header.payload(.signature), base64url, the header starting `{"` (eyJ).
// - token: 32 or more characters of base64/base64url or hex (keys, hashes, session ids), kept
//   only when it looks random (see isToken): long words and paths are not tokens.
// - number: 6 digits or more, possibly grouped by single spaces, dots, dashes or slashes
//   (phone, account and card numbers, dates), or by commas in threes (1,234,567), with an
//   optional leading +.
const NUMBER = String.raw`\+?\d(?:[ ./-]?\d|,\d(?=\d\d(?!\d))){5,}`;
const PATTERN = new RegExp(
  [
    String.raw`(?<email>(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+?(?:@+|%40)\p{L}[\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*)`,
    String.raw`(?<jwt>(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?)`,
    String.raw`(?<token>(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{32,}={0,2})`,
    `(?<number>${NUMBER})`,
  ].join('|'),
  'gu',
);
const NUMBERS = new RegExp(NUMBER, 'g');

/** Random-looking: hex, or both cases and digits (a long identifier or path has no digits mixed in). */
function isToken(run: string): boolean {
  if (/^[0-9a-f]+$/.test(run) || /^[0-9A-F]+$/.test(run)) return true;
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && (run.match(/\d/g)?.length ?? 0) >= 2;
}

function redactPlain(text: string): string {
  return text.replace(PATTERN, (match, ...args: unknown[]) => {
    const groups = args.at(-1) as { email?: string; jwt?: string; token?: string };
    if (groups.email !== undefined) return REDACTED.email;
    if (groups.jwt !== undefined) return REDACTED.token;
    if (groups.token !== undefined) {
      // Not a token (a long name): the numbers in it are still numbers.
      return isToken(match.replace(/=+$/, '')) ? REDACTED.token : match.replace(NUMBERS, REDACTED.number);
    }
    return REDACTED.number;
  });
}

const wordAt = (text: string, index: number) => {
  if (index < 0 || index >= text.length) return false;
  // The character that ends at index-1 may be a surrogate pair: read it whole.
  const start = index > 0 && /[\uDC00-\uDFFF]/.test(text[index]!) ? index - 1 : index;
  return WORD.test(String.fromCodePoint(text.codePointAt(start)!));
};

/**
 * The quoted values of `text`, left to right: a quote opens where it is not part of a word (so
 * the apostrophes of "isn't", "Ada's" or "Ada’s" neither open nor close one), and the value runs
 * to the first matching quote that is not followed by a word character nor escaped by a
 * backslash — over any length and across lines. One pass over the text.
 */
function quotedValues(text: string): { start: number; end: number }[] {
  const closers = new Map<string, number[]>(Object.values(QUOTES).map((close) => [close, []]));
  for (let i = 0; i < text.length; i += 1) {
    const list = closers.get(text[i]!);
    if (list && !wordAt(text, i + 1) && text[i - 1] !== '\\') list.push(i);
  }
  const next = new Map<string, number>(); // per closing quote: the first closer not yet passed
  const values: { start: number; end: number }[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const close = QUOTES[text[i]!];
    if (close === undefined || wordAt(text, i - 1)) continue;
    const list = closers.get(close)!;
    let k = next.get(close) ?? 0;
    while (k < list.length && list[k]! <= i) k += 1;
    next.set(close, k);
    if (k === list.length) continue;
    if (list[k] === i + 1) {
      i += 1; // '' — an empty pair, nothing to hide
      continue;
    }
    values.push({ start: i, end: list[k]! + 1 });
    i = list[k]!;
  }
  return values;
}

/** The app's folder, whose path a stack frame should not show. */
function appRoot(): string {
  return typeof process !== 'undefined' && typeof process.cwd === 'function' ? process.cwd() : '';
}

// The folders of this app, to find where a path from another machine (a container's /app, a
// worker's checkout) enters it.
const APP_FOLDERS = new Set(['app', 'lib', 'components', 'scripts', 'drizzle', 'e2e', 'tests']);
const FRAME = /^(\s*at\s.*)$/gm;
const ABSOLUTE_PATH = /(?<![\w.\/:-])(?:file:\/\/)?\/[^\s()'"`:]+/g;

/** An absolute path as a path inside the app: from node_modules/, .next/ or an app folder, else its file name. */
function relativePath(path: string): string {
  const segments = path.replace(/^file:\/\//, '').split('/').filter(Boolean);
  for (const anchor of ['node_modules', '.next']) {
    const at = segments.indexOf(anchor);
    if (at >= 0) return segments.slice(at).join('/');
  }
  for (let at = segments.length - 2; at >= 0; at -= 1) {
    if (APP_FOLDERS.has(segments[at]!)) return segments.slice(at).join('/');
  }
  return segments.at(-1) ?? path;
}

/** Stack text with the server's folders left out of every path: `.next/server/chunks/x.js:1:2`. */
export function relativeStackPaths(text: string, root: string = appRoot()): string {
  let result = text;
  if (root.length > 1) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    result = result.split(`file://${prefix}`).join('').split(prefix).join('');
  }
  return result.replace(FRAME, (frame) => frame.replace(ABSOLUTE_PATH, relativePath));
}

/**
 * `text` with emails, long numbers, tokens and quoted values replaced by `[email]`, `[number]`,
 * `[token]` and the quoted `[value]`, and stack frames' paths made relative to the app (`root`,
 * the working directory unless given). Quoted values in `keep` (e.g. the instance's and task's
 * own names, which engine messages quote) stay.
 *
 * @example
 * redactExceptionText(`subject "ada@example.com" (id 4711093) not found`)
 * // → 'subject "[value]" (id [number]) not found'
 */
export function redactExceptionText(text: string, keep: readonly string[] = [], root?: string): string {
  const source = relativeStackPaths(text, root);
  let result = '';
  let from = 0;
  for (const { start, end } of quotedValues(source)) {
    const quoted = source.slice(start + 1, end - 1);
    result += redactPlain(source.slice(from, start));
    result += keep.includes(quoted) ? source.slice(start, end) : `${source[start]}${REDACTED.value}${source[end - 1]}`;
    from = end;
  }
  return result + redactPlain(source.slice(from));
}
