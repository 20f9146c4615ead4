/**
 * `npm run tb` command lines → typed commands. Only the shape is checked here (command, positionals,
 * known options); the values go through the dashboard's own zod schemas in ./commands.ts.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const COMMANDS = ['fire', 'replay', 'skip', 'snapshot', 'failed', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** A command line that is not one (exit code 2): unknown command or option, missing argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

/** A refusal before anything was done (exit code 1), with a code for `--json`. */
export class CliRefusal extends Error {
  override readonly name = 'CliRefusal';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where JSON text comes from: given inline, or the path of a file ('-' for stdin). */
export type JsonSource = { text: string } | { file: string } | undefined;

export type CliCommand =
  | { name: 'help'; topic?: CommandName; json: boolean }
  | { name: 'fire'; json: boolean; uid: string; trigger: string; kwargs: JsonSource; reason?: string; anyway: boolean }
  | { name: 'replay'; json: boolean; uid: string; instance: string; reason?: string; kwargs: JsonSource; anyway: boolean }
  | {
      name: 'skip';
      json: boolean;
      uid: string;
      instance: string;
      reason?: string;
      cascade: boolean;
      result?: string;
      confirmEmptyCascade: boolean;
      anyway: boolean;
    }
  | { name: 'snapshot'; json: boolean; uid: string }
  | {
      name: 'failed';
      json: boolean;
      task?: string;
      type?: string;
      session?: string;
      contains?: string;
      state?: string;
      limit?: string;
      cursor?: string;
    };

type Options = NonNullable<ParseArgsConfig['options']>;
const flag = { type: 'boolean', default: false } as const;
const text = { type: 'string' } as const;
const COMMON: Options = { json: flag, help: { type: 'boolean', short: 'h', default: false } };
const KWARGS: Options = { kwargs: text, 'kwargs-file': text };

const SPEC: Record<Exclude<CommandName, 'help'>, { positionals: string[]; options: Options }> = {
  fire: { positionals: ['session-uid', 'trigger'], options: { ...KWARGS, reason: text, anyway: flag } },
  replay: { positionals: ['session-uid', 'instance'], options: { ...KWARGS, reason: text, anyway: flag } },
  skip: {
    positionals: ['session-uid', 'instance'],
    options: { reason: text, cascade: flag, result: text, 'confirm-empty-cascade': flag, anyway: flag },
  },
  snapshot: { positionals: ['session-uid'], options: {} },
  failed: {
    positionals: [],
    options: { task: text, type: text, session: text, contains: text, state: text, limit: text, cursor: text },
  },
};

function isCommand(word: string | undefined): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word ?? '');
}

function kwargsSource(values: Record<string, unknown>, command: CommandName): JsonSource {
  const inline = values.kwargs as string | undefined;
  const file = values['kwargs-file'] as string | undefined;
  if (inline !== undefined && file !== undefined) throw new UsageError('Give --kwargs or --kwargs-file, not both.', command);
  if (inline !== undefined) return { text: inline };
  return file !== undefined ? { file } : undefined;
}

/** Parses `argv` (what follows `npm run tb --`). Throws UsageError for anything that is not a command line. */
export function parseCommandLine(argv: string[]): CliCommand {
  // `--json` may also come before the command (`npm run tb -- --json failed`).
  const [first, ...rest] = argv[0] === '--json' && argv.length > 1 ? argv.slice(1) : argv;
  const json = argv.includes('--json');
  if (first === undefined || first === '--help' || first === '-h' || first === '--json') return { name: 'help', json };
  if (!isCommand(first)) throw new UsageError(`Unknown command ${JSON.stringify(first)}: expected one of ${COMMANDS.join(', ')}.`);
  if (first === 'help') {
    const topic = rest.find((word) => !word.startsWith('-'));
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`No help on ${JSON.stringify(topic)}: expected one of ${COMMANDS.join(', ')}.`);
    return { name: 'help', topic, json };
  }
  const spec = SPEC[first];
  let parsed;
  try {
    parsed = parseArgs({ args: rest, strict: true, allowPositionals: true, options: { ...COMMON, ...spec.options } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), first);
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: 'help', topic: first, json };
  if (positionals.length < spec.positionals.length) {
    const missing = spec.positionals.slice(positionals.length).map((name) => `<${name}>`);
    throw new UsageError(`Missing ${missing.join(' and ')}.`, first);
  }
  if (positionals.length > spec.positionals.length) {
    throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[spec.positionals.length])}.`, first);
  }
  const [a = '', b = ''] = positionals;
  const str = (name: string) => values[name] as string | undefined;
  const bool = (name: string) => values[name] === true;
  // The reason is kept with the change (audit row, instance metadata): a replay or skip needs one.
  if ((first === 'replay' || first === 'skip') && str('reason') === undefined) {
    throw new UsageError(`--reason is required: say briefly why you ${first} ${b} (it is kept with the change).`, first);
  }
  switch (first) {
    case 'fire':
      return { name: 'fire', json, uid: a, trigger: b, kwargs: kwargsSource(values, first), reason: str('reason'), anyway: bool('anyway') };
    case 'replay':
      return { name: 'replay', json, uid: a, instance: b, kwargs: kwargsSource(values, first), reason: str('reason'), anyway: bool('anyway') };
    case 'skip':
      if (!bool('cascade') && (str('result') !== undefined || bool('confirm-empty-cascade'))) {
        throw new UsageError('--result and --confirm-empty-cascade only go with --cascade.', first);
      }
      return {
        name: 'skip',
        json,
        uid: a,
        instance: b,
        reason: str('reason'),
        cascade: bool('cascade'),
        result: str('result'),
        confirmEmptyCascade: bool('confirm-empty-cascade'),
        anyway: bool('anyway'),
      };
    case 'snapshot':
      return { name: 'snapshot', json, uid: a };
    case 'failed':
      return {
        name: 'failed',
        json,
        task: str('task'),
        type: str('type'),
        session: str('session'),
        contains: str('contains'),
        state: str('state'),
        limit: str('limit'),
        cursor: str('cursor'),
      };
  }
}
