/**
 * The stack a failure records (`exceptionInfo`), pointing at source: frames in the production
 * build's server chunks (`.next/server/chunks/…js:198:4139`) are mapped through the chunk's source
 * map, and every location is made project-relative (lib/stack/frames.ts). Handed to the engine as
 * its `formatStack` option (lib/runtime/engine.ts), so web and worker processes record the same.
 *
 * Why here and not `--enable-source-maps`: Next replaces `Error.prepareStackTrace` in the server
 * (its error-inspect patch) and maps stacks only when it prints them, so `error.stack` stays
 * unmapped whatever Node's flag says. Reading the maps ourselves works in every process.
 */
import { readFileSync } from 'node:fs';
import { findSourceMap, SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseStack, type SourceLocation } from './frames';

interface LoadedMap {
  map: SourceMap;
  /** The folder relative `sources` are resolved against. */
  base: string;
}

/** One entry per generated file: null when it has no (readable) map. Chunks never change while a process runs. */
const cache = new Map<string, LoadedMap | null>();

function toPath(file: string): string | null {
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return null;
    }
  }
  return path.isAbsolute(file) ? file : null;
}

function loadMap(file: string): LoadedMap | null {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  let loaded: LoadedMap | null = null;
  try {
    const code = readFileSync(file, 'utf8');
    const url = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
    if (url) {
      const inline = /^data:application\/json;(?:charset=[^;,]+;)?base64,(.*)$/.exec(url);
      const mapFile = inline ? null : path.resolve(path.dirname(file), decodeURIComponent(url));
      const payload = JSON.parse(inline ? Buffer.from(inline[1]!, 'base64').toString('utf8') : readFileSync(mapFile!, 'utf8'));
      const base = path.resolve(path.dirname(mapFile ?? file), typeof payload.sourceRoot === 'string' ? payload.sourceRoot : '');
      loaded = { map: new SourceMap(payload), base };
    }
  } catch {
    loaded = null; // no map, or an unreadable one: the frame keeps its generated location
  }
  cache.set(file, loaded);
  return loaded;
}

/**
 * The source location of a generated one inside `buildDir` (Next's `.next`), or null. Other files
 * (the project's own TypeScript under tsx, node_modules, node:) are left alone: they are either
 * source already or not the project's code.
 */
export function mapBuildLocation(location: SourceLocation, buildDir: string): SourceLocation | null {
  const file = toPath(location.file);
  if (!file || !file.endsWith('.js') || !file.startsWith(buildDir + path.sep)) return null;
  const loaded = loadMap(file);
  if (!loaded) return null;
  const entry = loaded.map.findEntry(location.line - 1, location.column - 1) as Partial<{
    originalSource: string;
    originalLine: number;
    originalColumn: number;
  }>;
  if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return null;
  const source = entry.originalSource;
  // Relative sources (`../../../lib/x.ts`) are relative to the map; URLs (`turbopack:///[project]/…`) stay for frames.ts.
  const resolved = /^[a-z][a-z0-9+.-]*:/i.test(source) || source.startsWith('[') ? source : path.resolve(loaded.base, source);
  return { file: resolved, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** Lines of source files, for telling a generated location from a source one. */
const sourceLines = new Map<string, string[] | null>();

/**
 * The source location of a frame in a file Node holds a source map for (a task module tsx
 * transpiled, whose whitespace it collapses), or null. Under Next's own `prepareStackTrace` such
 * frames keep their generated position; elsewhere tsx maps them already. A location that exists in
 * the source file is taken as mapped (only a frame in the first characters of the generated code
 * could be mistaken), one beyond its lines or columns is mapped here.
 */
export function mapTranspiledLocation(location: SourceLocation): SourceLocation | null {
  const file = toPath(location.file);
  if (!file || file.includes(`${path.sep}node_modules${path.sep}`)) return null;
  const map = findSourceMap(file);
  if (!map) return null;
  if (!sourceLines.has(file)) {
    try {
      sourceLines.set(file, readFileSync(/*turbopackIgnore: true*/ file, 'utf8').split('\n')); // a file named by a stack frame
    } catch {
      sourceLines.set(file, null);
    }
  }
  const lines = sourceLines.get(file);
  const line = lines?.[location.line - 1];
  if (!lines || (line !== undefined && location.column <= line.length + 1)) return null;
  const entry = map.findEntry(location.line - 1, location.column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
  if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return null;
  return { file: entry.originalSource, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** Options of `projectStack`; tests point them at a fixture. */
export interface ProjectStackOptions {
  /** The project's folder; default the process's working folder (npm scripts and `next start` run there). */
  root?: string;
  /** Next's build folder; default `<root>/.next`. */
  buildDir?: string;
}

/** `error.stack`, source-mapped and project-relative. Never throws: on any surprise, V8's own stack. */
export function projectStack(error: Error, options: ProjectStackOptions = {}): string {
  const stack = error.stack ?? String(error);
  try {
    const root = options.root ?? process.cwd();
    const buildDir = options.buildDir ?? path.join(root, '.next');
    return normaliseStack(stack, { root, mapLocation: (location) => mapBuildLocation(location, buildDir) ?? mapTranspiledLocation(location) });
  } catch {
    return stack;
  }
}
