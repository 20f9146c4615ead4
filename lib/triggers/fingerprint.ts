/**
 * Failure identity: which failures are "the same problem". Two failures share a fingerprint when
 * they have the same exception type, the same message once its volatile parts (ids, numbers,
 * emails, quoted values, dates) are replaced by placeholders, and the same top in-app stack frame
 * (function and project file, not line or column, which move with every edit). Pure: no clock,
 * no I/O; the persistence layer stores it with each failed instance.
 */
import { createHash } from 'node:crypto';

export interface FailureIdentity {
  /** 32 hex characters (a SHA-256 prefix) of type, template and frame. */
  fingerprint: string;
  exceptionType: string;
  /** The message with its volatile parts replaced: `No applicant <email> in study <number>`. */
  template: string;
  /** The top in-app frame, `fn (lib/tasks/questionnaire.ts)`, or null when none is in-app. */
  frame: string | null;
}

const MAX_TEMPLATE = 500;

// Order matters: whole shapes (dates, uuids, emails) before the numbers inside them.
const VOLATILE: [RegExp, string][] = [
  [/\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g, '<date>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [/'[^'\n]*'|"[^"\n]*"|`[^`\n]*`|‘[^’\n]*’|“[^”\n]*”/g, '<value>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hex ids and tokens: 8+ hex characters with at least one digit, or long runs of letters and digits mixed.
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<id>'],
  [/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}\b/g, '<id>'],
  // Numbers, also inside words such as `order_1234` or `s-42`.
  [/\d+(?:[.,]\d+)*/g, '<n>'],
];

/** `message` with ids, numbers, emails, quoted values and dates replaced by `<placeholders>`. */
export function messageTemplate(message: string): string {
  let text = message.replace(/\r\n/g, '\n').split('\n')[0] ?? '';
  for (const [pattern, placeholder] of VOLATILE) text = text.replace(pattern, placeholder);
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_TEMPLATE ? `${text.slice(0, MAX_TEMPLATE)}…` : text;
}

const FRAME = /^\s*at\s+(?:async\s+)?(?:(.*?)\s+\()?(.+?)(?::\d+)?(?::\d+)?\)?\s*$/;
/**
 * Frames no one on support fixes: dependencies, Node internals, Next's runtime and bundles (a
 * chunk's name and minified function change with each build, so they cannot identify a problem),
 * and the engine and its runners.
 */
const NOT_IN_APP = [
  /node_modules[\\/]/,
  /^node:/,
  /^internal[\\/]/,
  /^native$/,
  /^index \d+$/,
  /<anonymous>/,
  /[\\/]\.next[\\/]|^\.next[\\/]/,
  /\[(?:externals|turbopack)\]/,
  /(?:^|[\\/])lib[\\/](?:triggers|runtime)[\\/]/,
];
const PROJECT_FOLDERS = ['app', 'lib', 'components', 'scripts', 'examples', 'bench', 'tests', 'e2e'];

/** A frame's file as a project path (`lib/tasks/x.ts`): from the last project folder on, else its name. */
function projectPath(file: string): string {
  const segments = file.replace(/^file:\/\//, '').split(/[\\/]/).filter(Boolean);
  for (let at = segments.length - 2; at >= 0; at -= 1) {
    if (PROJECT_FOLDERS.includes(segments[at]!)) return segments.slice(at).join('/');
  }
  return segments.at(-1) ?? file;
}

/** The top in-app frame of a V8 stack as `function (project/file.ts)`, or null. */
export function topInAppFrame(stack: string | undefined | null): string | null {
  if (!stack) return null;
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = match[2]!.trim();
    if (NOT_IN_APP.some((pattern) => pattern.test(file))) continue;
    // `Object.handler [as handler]` and `async fn`: the function's own name, without the alias.
    const fn = (match[1] ?? '<anonymous>').replace(/\s*\[as [^\]]+\]$/, '').replace(/^new /, '');
    return `${fn} (${projectPath(file)})`;
  }
  return null;
}

/**
 * The identity of a failure from its recorded fields (an instance's metadata).
 *
 * @example
 * failureIdentity({ exceptionType: 'ValidationError', exceptionMessage: "No applicant 'ada@x.org' (id 42)" })
 * // → { template: 'No applicant <value> (id <n>)', frame: null, fingerprint: '…', … }
 */
export function failureIdentity(failure: { exceptionType?: unknown; exceptionMessage?: unknown; exceptionInfo?: unknown }): FailureIdentity {
  const exceptionType = typeof failure.exceptionType === 'string' && failure.exceptionType ? failure.exceptionType : 'Error';
  const template = messageTemplate(typeof failure.exceptionMessage === 'string' ? failure.exceptionMessage : '');
  const frame = topInAppFrame(typeof failure.exceptionInfo === 'string' ? failure.exceptionInfo : null);
  const fingerprint = createHash('sha256').update(`${exceptionType}\u0000${template}\u0000${frame ?? ''}`).digest('hex').slice(0, 32);
  return { fingerprint, exceptionType, template, frame };
}
