import { isInAppFile, parseFrame, projectRelativeFile } from '@/lib/stack/frames';

/** A line of a trace as the page shows it: a frame's function and location, or a line as it is. */
export interface TraceLine {
  /** The line as stored (what "Copy trace" copies). */
  line: string;
  /** The function (`Object.importSubject [as handler]`); null for anonymous frames and lines that are no frames. */
  fn: string | null;
  /** `lib/tasks/questionnaire.ts:42:11` (project-relative when recorded so), `<anonymous>`, …; null: no frame. */
  location: string | null;
  /** The project's own file (not node_modules, Node, the build): highlighted, with a button to copy the location. */
  inApp: boolean;
}

/** One piece of a stack trace: the message lines, or a run of frames (app code or framework). */
export type TraceGroup =
  | { kind: 'header'; lines: string[] }
  | { kind: 'app'; lines: string[]; frames: TraceLine[] }
  | { kind: 'framework'; lines: string[]; frames: TraceLine[] };

const FRAME = /^\s*at\s/;
/** Frames in code nobody on support will fix: dependencies, Node internals, Next's runtime, the engine. */
const FRAMEWORK = [
  /node_modules[\\/]/,
  /\bnode:/,
  /\(internal\//,
  /^\s*at\s+(?:async\s+)?internal\//,
  /[\\/]next[\\/]dist[\\/]/,
  /\[externals\]/,
  /\[turbopack\]/,
  // The engine and its runners: source-mapped (`lib/triggers/x.ts`), or absolute in older traces.
  /(?:^|[\\/(\s])lib[\\/](?:triggers|runtime)[\\/]/,
];
/**
 * The frame of the task's handler, as the engine calls it (`task.handler(ctx)`). Everything below
 * it is the engine's call chain (runner, transaction, queue): in the production bundle those frames
 * share the handler's file, so their path cannot tell them apart.
 */
const HANDLER = /\[as handler\]|\bObject\.handler\b/;

export function isFrameworkFrame(line: string): boolean {
  return FRAME.test(line) && FRAMEWORK.some((pattern) => pattern.test(line));
}

/**
 * Splits a V8 stack (`error.stack`) into its message and runs of frames, so that runs of
 * framework frames can be folded. Lines that are not frames after the first frame (a `cause`,
 * an aggregate's inner errors) stay visible with the app's frames.
 */
export function groupStackTrace(trace: string): TraceGroup[] {
  const lines = trace.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  const firstFrame = lines.findIndex((line) => FRAME.test(line));
  const header = firstFrame === -1 ? lines : lines.slice(0, firstFrame);
  const groups: TraceGroup[] = header.length > 0 ? [{ kind: 'header', lines: header }] : [];
  if (firstFrame === -1) return groups;
  const frames = lines.slice(firstFrame);
  const handler = frames.findLastIndex((line) => FRAME.test(line) && HANDLER.test(line));
  frames.forEach((line, index) => {
    const kind = isFrameworkFrame(line) || (handler !== -1 && index > handler && FRAME.test(line)) ? 'framework' : 'app';
    const last = groups[groups.length - 1];
    const shown = traceLine(line, kind);
    if (last && last.kind === kind) {
      last.lines.push(line);
      last.frames.push(shown);
    } else groups.push({ kind, lines: [line], frames: [shown] });
  });
  return groups;
}

/** A line's function and location; traces recorded before they were made project-relative lose their URL prefixes. */
function traceLine(line: string, kind: 'app' | 'framework'): TraceLine {
  const frame = parseFrame(line);
  if (!frame) return { line, fn: null, location: null, inApp: false };
  if (!frame.location) return { line, fn: frame.fn, location: frame.where, inApp: false };
  const file = projectRelativeFile(frame.location.file, '');
  const location = `${file}:${frame.location.line}:${frame.location.column}`;
  return { line, fn: frame.fn, location, inApp: kind === 'app' && isInAppFile(file) };
}
