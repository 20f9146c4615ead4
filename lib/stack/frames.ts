/**
 * Stack frames as text: parsing V8's `    at fn (file:line:col)` lines and rewriting their
 * locations project-relative (`lib/tasks/questionnaire.ts:42:11`). Pure (no Node APIs): the
 * server rewrites a failure's stack with it before it is stored (lib/stack/source-map.ts), and the
 * instance page parses stored traces with it (components/instance/stack-frames.ts), including
 * traces recorded before source maps were applied.
 */

/** A location in a file, 1-based like V8 prints it. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface StackFrame {
  /** The function as V8 names it (`Object.handler`, `async handleX`), or null for an anonymous frame. */
  fn: string | null;
  /** Where it is; null for `native` or `<anonymous>` frames. */
  location: SourceLocation | null;
  /** What the location read when it was not `file:line:col` (`native`, `<anonymous>`, `index 0`). */
  where: string | null;
}

const FRAME_LINE = /^\s*at\s+(.*?)\s*$/;
const LOCATION = /^(.*):(\d+):(\d+)$/;

function parseLocation(text: string): SourceLocation | null {
  const match = LOCATION.exec(text);
  if (!match) return null;
  return { file: match[1]!, line: Number(match[2]), column: Number(match[3]) };
}

/** A V8 frame line (`    at …`) as its parts, or null when the line is no frame. */
export function parseFrame(line: string): StackFrame | null {
  const body = FRAME_LINE.exec(line)?.[1];
  if (body === undefined || body === '') return null;
  // `fn (where)`: the last parenthesised group, so `fn [as handler] (where)` keeps its alias.
  const paren = /^(.*?)\s+\((.*)\)$/.exec(body);
  const fn = paren ? paren[1]! : null;
  const where = paren ? paren[2]! : body;
  const location = parseLocation(where);
  return { fn, location, where: location ? null : where };
}

/** The frame as V8 would print it, with its (rewritten) location. */
export function formatFrame(frame: StackFrame): string {
  const where = frame.location ? `${frame.location.file}:${frame.location.line}:${frame.location.column}` : (frame.where ?? '<anonymous>');
  return frame.fn ? `    at ${frame.fn} (${where})` : `    at ${where}`;
}

/** Bundler URL prefixes in front of a project path, after which the path is the project's. */
const BUNDLER_PREFIXES = [
  // webpack dev: `webpack-internal:///(rsc)/./lib/tasks/x.ts`
  /^webpack-internal:\/\/\/(?:\([^)]*\)\/)?(?:\.\/)?/,
  // webpack source maps: `webpack:///./lib/x.ts`, `webpack://triggerboard/./lib/x.ts`
  /^webpack:\/\/[^/]*\/(?:\.\/)?/,
  // Turbopack: `turbopack:///[project]/lib/x.ts`, `[project]/lib/x.ts`
  /^(?:turbopack:\/\/\/)?\[project\]\//,
];

function decodeFileUrl(file: string): string {
  if (!file.startsWith('file://')) return file;
  try {
    return decodeURIComponent(new URL(file).pathname);
  } catch {
    return file.slice('file://'.length);
  }
}

/**
 * A frame's file as a support agent should read it: project-relative with forward slashes
 * (`lib/tasks/x.ts`, `node_modules/next/dist/…`), `file://` URLs and bundler prefixes removed.
 * `root` is the project's folder (absolute); paths outside it, `node:` modules and other URLs stay
 * as they are. A path inside the build folder (`.next/…`) that no source map could resolve stays
 * relative too, never absolute.
 */
export function projectRelativeFile(file: string, root: string): string {
  let path = decodeFileUrl(file).replace(/\\/g, '/');
  for (const prefix of BUNDLER_PREFIXES) {
    if (prefix.test(path)) return path.replace(prefix, '');
  }
  const base = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base !== '' && (path === base || path.startsWith(`${base}/`))) path = path.slice(base.length + 1);
  return path;
}

/** Files a support agent can open and fix: the project's own, not dependencies, Node or the build. */
export function isInAppFile(file: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return false; // node:, file:, webpack-internal:, …
  if (file.startsWith('/') || /^[A-Za-z]:\//.test(file)) return false; // outside the project
  if (/(^|\/)node_modules\//.test(file) || file.startsWith('.next/') || file.startsWith('[')) return false;
  return !file.startsWith('internal/') && file !== 'native';
}

/** The file a `data:` module URL stands for (tsx appends `?filePath=<path>`), or null. */
function dataUrlFile(url: string): string | null {
  const query = url.lastIndexOf('?');
  if (query === -1) return null;
  try {
    return new URLSearchParams(url.slice(query + 1)).get('filePath')?.split('?')[0] || null;
  } catch {
    return null;
  }
}

/** Maps a generated location to its source, or null when no source map covers it. */
export type LocationMapper = (location: SourceLocation) => SourceLocation | null;

/**
 * A V8 stack with every frame's location source-mapped (when `mapLocation` knows it) and made
 * project-relative. Lines that are no frames (the message, a `cause`) are kept as they are.
 */
export function normaliseStack(stack: string, { root, mapLocation }: { root: string; mapLocation?: LocationMapper }): string {
  return stack
    .split('\n')
    .map((line) => {
      const frame = parseFrame(line);
      if (!frame?.location) return line;
      if (frame.location.file.startsWith('data:')) {
        // A module handed to Node as a `data:` URL (tsx does so with some CommonJS files): the URL
        // is the whole module's source and its lines are the transpiled ones, so only the file is kept.
        const file = dataUrlFile(frame.location.file);
        return formatFrame({ ...frame, location: null, where: file ? projectRelativeFile(file, root) : '<data: URL>' });
      }
      const location = mapLocation?.(frame.location) ?? frame.location;
      return formatFrame({ ...frame, location: { ...location, file: projectRelativeFile(location.file, root) } });
    })
    .join('\n');
}
