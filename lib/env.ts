/**
 * The application's environment, parsed once with zod. A wrong value fails fast with an
 * `EnvError` that names each bad variable and says what to set.
 */
import { z } from 'zod';
import { trustedProxyProblem } from './auth/client-address';

/** Empty strings (e.g. `DATABASE_URL=` in a .env file) mean "not set". */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  NODE_ENV: z.preprocess(
    unsetIfEmpty,
    z
      .enum(['development', 'production', 'test'], {
        error: 'must be one of development, production, test',
      })
      .default('development'),
  ),
  DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error: 'must be a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/triggerboard, or unset to use the embedded PGlite database',
      })
      .optional(),
  ),
  PGLITE_DATA_DIR: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .min(1)
      .refine((value) => value.startsWith('memory://') || !value.includes('://'), {
        error: 'must be a folder path (relative to the app folder or absolute), or memory:// for a throwaway database',
      })
      .default('.data/pglite'),
  ),
  PORT: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: 'must be a whole number between 1 and 65535' })
      .int({ error: 'must be a whole number between 1 and 65535' })
      .min(1, { error: 'must be a whole number between 1 and 65535' })
      .max(65535, { error: 'must be a whole number between 1 and 65535' })
      .default(3000),
  ),
  /**
   * The task module (lib/runtime/task-module.ts): a file relative to the app folder or absolute,
   * a folder with an index file, or a package name. Unset: the demo's lib/tasks.
   */
  TASKS_MODULE: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .min(1)
      .refine(isTaskModuleName, {
        error: 'must name a task module exporting createTaskRegistry(): a .ts, .mts, .js or .mjs file (relative to the app folder, or absolute), a folder with an index file, or a package name',
      })
      .optional(),
  ),
  /** Seals the sign-in cookie. Unset: a random secret is generated once and kept in the database. */
  SESSION_SECRET: z.preprocess(
    unsetIfEmpty,
    z.string().min(32, { error: 'must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)' }).optional(),
  ),
  /** `true`: viewers see no payloads (kwargs, results, snapshots, journal payloads); operators and admins do. */
  HIDE_PAYLOADS_FROM_VIEWERS: z.preprocess(
    unsetIfEmpty,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((value) => value === 'true'),
  ),
  /**
   * The API's rate limit per token: `<requests>/<seconds>` (600/60: 600 requests a minute, in a
   * burst or spread out). Counted in the database, so every server shares it.
   */
  API_RATE_LIMIT: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .default('600/60')
      .transform((value, ctx) => {
        const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,6})\s*$/.exec(value);
        const requests = Number(match?.[1]);
        const periodSeconds = Number(match?.[2]);
        if (!match || requests < 1 || periodSeconds < 1 || periodSeconds > 86_400) {
          ctx.addIssue({
            code: 'custom',
            message: 'must be <requests>/<seconds> with whole numbers, such as 600/60 (600 requests per token per minute); the period is 1 to 86400 seconds',
          });
          return z.NEVER;
        }
        return { requests, periodSeconds };
      }),
  ),
  /** `auto`: the sign-in cookie is Secure when the request came over HTTPS (x-forwarded-proto). */
  COOKIE_SECURE: z.preprocess(unsetIfEmpty, z.enum(['auto', 'true', 'false'], { error: 'must be auto, true or false' }).default('auto')),
  /**
   * Reverse proxies (IP addresses or CIDR ranges, comma-separated) whose X-Forwarded-For is
   * believed. Default none: the client's address is the TCP peer, whatever headers it sends.
   */
  TRUSTED_PROXIES: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .default('')
      .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
      .superRefine((entries, ctx) => {
        for (const entry of entries) {
          const problem = trustedProxyProblem(entry);
          if (problem) {
            ctx.addIssue({
              code: 'custom',
              message: `must be a comma-separated list of IP addresses or CIDR ranges, such as 10.0.0.5,10.1.0.0/16 (${problem})`,
            });
            return;
          }
        }
      }),
  ),
});

/**
 * A task module's name as written (the loader checks that it exists): no URL, and a path
 * (`./x`, `/x`, `dir/x`, not a scoped package) ends in .ts, .mts, .js or .mjs, or has no extension (a folder).
 */
function isTaskModuleName(value: string): boolean {
  if (value.includes('://')) return false;
  const extension = /\.([a-z0-9]+)$/i.exec(value)?.[1];
  if (!extension || ['ts', 'mts', 'js', 'mjs'].includes(extension)) return true;
  const isPath = !value.startsWith('@') && /[\\/]/.test(value);
  return !isPath && !value.startsWith('.');
}

export type Env = z.infer<typeof envSchema>;

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(readonly problems: { variable: string; message: string; received: unknown }[]) {
    super(
      [
        'Invalid environment configuration:',
        ...problems.map(
          ({ variable, message, received }) =>
            `  - ${variable} ${message} (got ${JSON.stringify(received)}). Set ${variable} correctly or unset it.`,
        ),
      ].join('\n'),
    );
  }
}

/** Parses an environment object (`process.env` by default). Pure: useful in tests. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      return { variable, message: issue.message, received: redact(variable, source[variable]) };
    }),
  );
}

/** Never echo a database password or the session secret into logs. */
function redact(variable: string, value: string | undefined): string | undefined {
  if (variable === 'SESSION_SECRET' && value) return `(${value.length} characters, hidden)`;
  if (variable !== 'DATABASE_URL' || !value) return value;
  return value.replace(/^([^:/]+:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

let cached: Env | undefined;

/** The process environment, parsed on first use and cached. Throws `EnvError` when invalid. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
