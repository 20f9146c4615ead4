/**
 * The task module: where the application's task handlers come from. `TASKS_MODULE` names a module
 * (a file relative to the app folder or absolute, `.ts`/`.mts`/`.js`/`.mjs`, a folder with an
 * index file, or a package name resolvable from the app folder) that exports
 * `createTaskRegistry()`; unset, the demo's `lib/tasks` is the module. The web server (at boot),
 * `npm run worker` and the scripts all load it here. Knows nothing of Next.js.
 *
 * A module chosen at run time cannot be in the Next.js server bundle: it is imported through
 * tsx's `tsImport` (TypeScript without a build step, no global hooks), which Turbopack and webpack
 * leave alone (`tsx` is in `serverExternalPackages`). Such a module has its own copy of the
 * engine's classes, so its registry is copied handler by handler into this process's
 * `TaskRegistry` (`adoptRegistry`): nothing downstream depends on which copy made it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getEnv } from '@/lib/env';
import { createTaskRegistry as createDemoRegistry } from '@/lib/tasks';
import { TaskRegistry } from '@/lib/triggers';

/** The extensions a module file may have. */
export const TASK_MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;
/** How the default module is named in messages. */
export const DEFAULT_TASKS_MODULE = 'lib/tasks';

/** A task module that cannot be used: the message names the module and what is wrong. */
export class TaskModuleError extends Error {
  override readonly name = 'TaskModuleError';
  constructor(
    readonly moduleName: string,
    problem: string,
  ) {
    super(`TASKS_MODULE=${moduleName}: ${problem}`);
  }
}

/**
 * The module `TASKS_MODULE` names, or null for the default (the demo's lib/tasks).
 * @throws EnvError when TASKS_MODULE is not a module name.
 */
export function taskModuleName(): string | null {
  return getEnv().TASKS_MODULE ?? null;
}

/** Whether the demo workflow's handlers are there: demo data is seeded only with the default module. */
export function usesDefaultTaskModule(): boolean {
  return taskModuleName() === null;
}

/** A module name that is a path (not a package name): `./x`, `../x`, `/abs`, or a file with an extension. */
export function looksLikePath(name: string): boolean {
  return /^\.{1,2}([\\/]|$)/.test(name) || path.isAbsolute(name) || /\.[cm]?[jt]sx?$/.test(name);
}

export interface LoadTaskRegistryOptions {
  /** The module to load; default `TASKS_MODULE`, and the demo's lib/tasks when unset. */
  module?: string | null;
  /** The app folder paths and packages are resolved from; default the working directory. */
  root?: string;
}

/**
 * The task registry of the configured module. Loads the module on every call (Node caches
 * the import; `createTaskRegistry()` runs again).
 * @throws TaskModuleError naming the module and what is missing.
 */
export async function loadTaskRegistry(options: LoadTaskRegistryOptions = {}): Promise<TaskRegistry> {
  const name = options.module === undefined ? taskModuleName() : options.module;
  if (!name) return createDemoRegistry();
  const root = options.root ?? process.cwd();
  const namespace = await importModule(name, root);
  const factory = exportedFactory(namespace);
  if (typeof factory !== 'function') {
    const exported = Object.keys(namespace).filter((key) => key !== 'default');
    const has =
      exported.length > 0
        ? `it exports ${exported.join(', ')}`
        : namespace.default !== undefined
          ? 'it has only a default export; createTaskRegistry must be a named export: export function createTaskRegistry()'
          : 'it exports nothing';
    throw new TaskModuleError(name, `the module does not export a function createTaskRegistry() (${has}).`);
  }
  let made: unknown;
  try {
    made = await (factory as () => unknown)();
  } catch (error) {
    throw new TaskModuleError(name, `createTaskRegistry() threw: ${describeError(error)}`);
  }
  return adoptRegistry(name, made);
}

function exportedFactory(namespace: Record<string, unknown>): unknown {
  if (typeof namespace.createTaskRegistry === 'function') return namespace.createTaskRegistry;
  // A CommonJS module's exports arrive as `default`.
  const fallback = namespace.default as { createTaskRegistry?: unknown } | undefined;
  return fallback && typeof fallback === 'object' ? fallback.createTaskRegistry : undefined;
}

async function importModule(name: string, root: string): Promise<Record<string, unknown>> {
  // What exists in the app folder is a path (`examples/tasks`); anything else a package name.
  const isPath = looksLikePath(name) || (!name.startsWith('@') && existsSync(path.resolve(root, name)));
  const file = isPath ? resolveFile(name, root) : null;
  const parentURL = pathToFileURL(path.join(root, 'package.json')).href;
  try {
    // Not a bundler import: a Next.js server bundle cannot know a module chosen at run time.
    if (file && isCommonJsFile(file)) {
      // tsx's tsImport hands a CommonJS file to Node as a `data:` URL of its whole transpiled
      // source, which then names every stack frame; its require keeps the file's path (and lines).
      const { require: tsxRequire } = (await import('tsx/cjs/api')) as { require: (id: string, fromFile: string) => unknown };
      return tsxRequire(file, parentURL) as Record<string, unknown>;
    }
    const { tsImport } = (await import('tsx/esm/api')) as { tsImport: (specifier: string, parentURL: string) => Promise<unknown> };
    return (await tsImport(file ? pathToFileURL(file).href : name, parentURL)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (!isPath && (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(error).includes(`'${name}'`)) {
      throw new TaskModuleError(name, `cannot find the package '${name}' from ${root} (install it, or give a path such as ./tasks/index.ts).`);
    }
    throw new TaskModuleError(name, `the module failed to load: ${describeError(error)}`);
  }
}

/**
 * Whether tsx loads the file as CommonJS, as Node does: `.ts`/`.js` whose nearest package.json is
 * not `"type": "module"` (`.mts`/`.mjs` are always ES modules).
 */
function isCommonJsFile(file: string): boolean {
  if (!['.ts', '.js'].includes(path.extname(file))) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type !== 'module';
      } catch {
        return false; // an unreadable package.json: leave the choice to tsx
      }
    }
    if (path.dirname(dir) === dir) return true;
  }
}

/** The module's file: the path itself, or a folder's index file. */
function resolveFile(name: string, root: string): string {
  const file = path.resolve(root, name);
  if (existsSync(file) && statSync(file).isDirectory()) {
    for (const extension of TASK_MODULE_EXTENSIONS) {
      const index = path.join(file, `index${extension}`);
      if (existsSync(index)) return index;
    }
    throw new TaskModuleError(name, `the folder ${file} has no index file (${TASK_MODULE_EXTENSIONS.map((e) => `index${e}`).join(', ')}).`);
  }
  if (!existsSync(file)) throw new TaskModuleError(name, `cannot find the module: ${file} does not exist.`);
  const extension = path.extname(file);
  if (!(TASK_MODULE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new TaskModuleError(name, `a task module file ends in ${TASK_MODULE_EXTENSIONS.join(', ')} (got '${extension || 'no extension'}').`);
  }
  return file;
}

interface RegistryLike {
  names(): string[];
  get(name: string): { handler: unknown; maxRetries?: number; kwargs?: unknown; result?: unknown };
}

function isRegistryLike(value: unknown): value is RegistryLike {
  const candidate = value as Partial<RegistryLike> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.names === 'function' && typeof candidate.get === 'function';
}

/**
 * This process's TaskRegistry with the handlers of what `createTaskRegistry()` returned, which
 * may be a TaskRegistry of another copy of the engine (a module loaded outside the bundle).
 */
export function adoptRegistry(moduleName: string, made: unknown): TaskRegistry {
  if (made instanceof TaskRegistry) return made;
  if (!isRegistryLike(made)) {
    throw new TaskModuleError(moduleName, `createTaskRegistry() returned ${describeValue(made)}, not a TaskRegistry (new TaskRegistry().register(…)).`);
  }
  const registry = new TaskRegistry();
  try {
    for (const name of made.names()) {
      const task = made.get(name);
      registry.register(name, task.handler as never, {
        kwargs: (task.kwargs ?? undefined) as never,
        result: (task.result ?? undefined) as never,
        maxRetries: task.maxRetries,
      });
    }
  } catch (error) {
    throw new TaskModuleError(moduleName, `the registry createTaskRegistry() returned cannot be read: ${describeError(error)}`);
  }
  return registry;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return `a ${typeof value}`;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor && ctor !== 'Object' ? `a ${ctor}` : 'a plain object';
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // esbuild's syntax errors put the file and line in the message; keep it to its first lines.
  return `${error.name}: ${error.message.split('\n').slice(0, 6).join('\n')}`;
}
