import { CopyButton } from './copy-button';
import { groupStackTrace, type TraceLine } from './stack-frames';
import { ScrollRegion } from '@/components/ui/scroll-region';

/** One line of the trace: a frame's function and location (the project's own highlighted, with a copy button). */
function Frame({ frame }: { frame: TraceLine }) {
  if (frame.location === null) return <div className="whitespace-pre-wrap [overflow-wrap:anywhere]">{frame.line}</div>;
  return (
    <div
      data-testid="stack-frame"
      data-in-app={frame.inApp ? 'true' : 'false'}
      className={`flex flex-wrap items-baseline gap-x-2 py-px pl-4 ${frame.inApp ? '-mx-1 rounded bg-amber-400/15 px-1 text-amber-100' : ''}`}
    >
      <span className="text-zinc-500">at</span>{' '}
      <span className={frame.inApp ? 'font-semibold text-white' : ''}>{frame.fn ?? <em className="text-zinc-400">anonymous</em>}</span>{' '}
      <span data-testid="frame-location" className={`[overflow-wrap:anywhere] ${frame.inApp ? 'text-amber-200 underline decoration-dotted underline-offset-2' : ''}`}>
        {frame.location}
      </span>{' '}
      {frame.inApp ? (
        <CopyButton
          text={frame.location}
          label="Copy location"
          what={frame.location}
          className="rounded border border-amber-300/40 px-1.5 text-[11px] font-sans font-medium text-amber-100 hover:bg-amber-300/20 focus-visible:outline focus-visible:outline-2 focus-visible:outline-amber-200"
        />
      ) : null}
    </div>
  );
}

/**
 * The stack trace of a failed run in monospace: each frame as its function and project-relative
 * source location (`lib/tasks/questionnaire.ts:42:11`), the project's own frames highlighted with
 * a button that copies their location, and each run of framework frames (the engine, node_modules,
 * Node internals) folded into "N framework frames".
 */
export function StackTrace({ trace }: { trace: string }) {
  const groups = groupStackTrace(trace);
  const folded = groups.filter((group) => group.kind === 'framework').reduce((sum, group) => sum + group.lines.length, 0);
  return (
    <section aria-label="Stack trace" data-testid="stack-trace" className="min-w-0">
      <div className="mb-1.5 flex items-center justify-between gap-2">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900">Stack trace</h3>
          <p className="text-xs text-zinc-600">
            {folded > 0
              ? `${folded} framework ${folded === 1 ? 'frame' : 'frames'} (the trigger engine, node_modules, Node internals) folded; open a group to see them. This project's frames are highlighted.`
              : "Application frames only; this project's frames are highlighted."}
          </p>
        </div>
        <CopyButton text={trace} label="Copy trace" />
      </div>
      <ScrollRegion label="Stack trace frames" className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-950 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-100">
        {groups.map((group, index) =>
          group.kind === 'framework' ? (
            <details key={index} data-testid="framework-frames" className="group my-0.5">
              <summary className="cursor-pointer select-none list-none text-zinc-400 hover:text-zinc-200 [&::-webkit-details-marker]:hidden">
                <span aria-hidden className="mr-1 inline-block transition-transform group-open:rotate-90">▸</span>
                {group.lines.length} framework {group.lines.length === 1 ? 'frame' : 'frames'}
              </summary>
              <div className="text-zinc-400">
                {group.frames.map((frame, i) => (
                  <Frame key={i} frame={frame} />
                ))}
              </div>
            </details>
          ) : group.kind === 'header' ? (
            <pre key={index} className="whitespace-pre-wrap [overflow-wrap:anywhere] font-semibold text-red-300">
              {group.lines.join('\n')}
            </pre>
          ) : (
            <div key={index}>
              {group.frames.map((frame, i) => (
                <Frame key={i} frame={frame} />
              ))}
            </div>
          ),
        )}
      </ScrollRegion>
    </section>
  );
}
