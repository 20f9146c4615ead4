/** One piece of a stack trace: the message lines, or a run of frames (app code or framework). */
export type TraceGroup =
  | { kind: 'header'; lines: string[] }
  | { kind: 'app'; lines: string[] }
  | { kind: 'framework'; lines: string[] };

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
  // The engine and its runners, when not bundled (tests, scripts, the worker process).
  /[\\/]lib[\\/](?:triggers|runtime)[\\/]/,
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
    if (last && last.kind === kind) last.lines.push(line);
    else groups.push({ kind, lines: [line] });
  });
  return groups;
}
