import { CopyButton } from './copy-button';
import { groupStackTrace } from './stack-frames';
import { ScrollRegion } from '@/components/ui/scroll-region';

/**
 * The stack trace of a failed run in monospace, the application's frames in full and each run of
 * framework frames (node_modules, node:internal, Next's runtime) folded into "N framework frames".
 */
export function StackTrace({ trace }: { trace: string }) {
  const groups = groupStackTrace(trace);
  const folded = groups.filter((group) => group.kind === 'framework').reduce((sum, group) => sum + group.lines.length, 0);
  return (
    <section aria-label="Stack trace" data-testid="stack-trace" className="min-w-0">
      <div className="mb-1.5 flex items-center justify-between gap-2">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900">Stack trace</h3>
          <p className="text-xs text-zinc-500">
            {folded > 0
              ? `${folded} framework ${folded === 1 ? 'frame' : 'frames'} (the trigger engine, node_modules, Node internals) folded; open a group to see them.`
              : 'Application frames only.'}
          </p>
        </div>
        <CopyButton text={trace} label="Copy trace" />
      </div>
      <ScrollRegion label="Stack trace frames" className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-950 px-3 py-2 font-mono text-xs leading-relaxed">
        {groups.map((group, index) =>
          group.kind === 'framework' ? (
            <details key={index} data-testid="framework-frames" className="group my-0.5">
              <summary className="cursor-pointer select-none list-none text-zinc-400 hover:text-zinc-200 [&::-webkit-details-marker]:hidden">
                <span aria-hidden className="mr-1 inline-block transition-transform group-open:rotate-90">▸</span>
                {group.lines.length} framework {group.lines.length === 1 ? 'frame' : 'frames'}
              </summary>
              <pre className="whitespace-pre-wrap [overflow-wrap:anywhere] pl-4 text-zinc-400">{group.lines.join('\n')}</pre>
            </details>
          ) : (
            <pre
              key={index}
              className={`whitespace-pre-wrap [overflow-wrap:anywhere] ${group.kind === 'header' ? 'font-semibold text-red-300' : 'text-zinc-100'}`}
            >
              {group.lines.join('\n')}
            </pre>
          ),
        )}
      </ScrollRegion>
    </section>
  );
}
