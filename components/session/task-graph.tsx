import type { InstanceStatus } from '@/lib/triggers/types';
import { taskHash } from '@/lib/routes';
import type { GraphLayout, LaidOutEdge, LaidOutNode } from './graph-layout';
import { ScrollRegion } from '@/components/ui/scroll-region';

/** Node colours per latest status (the status is also written in the node). */
const NODE_STYLES: Record<InstanceStatus, { box: string; text: string }> = {
  unstarted: { box: 'fill-zinc-100 stroke-zinc-400', text: 'fill-zinc-700' },
  scheduled: { box: 'fill-sky-50 stroke-sky-400', text: 'fill-sky-800' },
  running: { box: 'fill-blue-50 stroke-blue-400', text: 'fill-blue-800' },
  finished: { box: 'fill-emerald-50 stroke-emerald-500', text: 'fill-emerald-800' },
  failed: { box: 'fill-red-50 stroke-red-500', text: 'fill-red-800' },
  replayed: { box: 'fill-violet-50 stroke-violet-400', text: 'fill-violet-800' },
  skipped: { box: 'fill-amber-50 stroke-amber-400', text: 'fill-amber-800' },
  abandoned: { box: 'fill-stone-100 stroke-stone-400', text: 'fill-stone-600' },
};

const EDGE_STYLES: Record<LaidOutEdge['kind'], string> = {
  after: 'stroke-zinc-400',
  every: 'stroke-indigo-500',
  unless: 'stroke-rose-400',
};

const ARROW_FILLS: Record<LaidOutEdge['kind'], string> = {
  after: 'fill-zinc-400',
  every: 'fill-indigo-500',
  unless: 'fill-rose-400',
};

/** A smooth path through dagre's points (quadratic curves through the midpoints). */
function pathOf(points: { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  if (rest.length === 0) return `M${first.x},${first.y}`;
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i += 1) {
    const p = rest[i]!;
    const next = rest[i + 1]!;
    d += ` Q${p.x},${p.y} ${(p.x + next.x) / 2},${(p.y + next.y) / 2}`;
  }
  const last = rest[rest.length - 1]!;
  return `${d} L${last.x},${last.y}`;
}

function Node({ node }: { node: LaidOutNode }) {
  const x = node.x - node.width / 2;
  const y = node.y - node.height / 2;
  if (node.kind === 'trigger') {
    return (
      <g data-testid="graph-trigger">
        <title>{`Trigger ${node.name}: ${node.detail}`}</title>
        <rect
          x={x}
          y={y}
          width={node.width}
          height={node.height}
          rx={node.height / 2}
          className={node.fired ? 'fill-white stroke-zinc-500' : 'fill-white stroke-zinc-300'}
          strokeDasharray={node.fired ? undefined : '4 3'}
        />
        <text x={node.x} y={node.y - 4} textAnchor="middle" className="fill-zinc-800 font-mono text-[12px]">
          {node.name}
        </text>
        <text x={node.x} y={node.y + 12} textAnchor="middle" className="fill-zinc-500 font-mono text-[11px]">
          {node.detail}
        </text>
      </g>
    );
  }
  const style = node.status ? NODE_STYLES[node.status] : { box: 'fill-white stroke-zinc-400', text: 'fill-zinc-500' };
  return (
    <a href={taskHash(node.name)} data-testid="graph-task" className="group">
      <title>{`Task ${node.name}: ${node.detail}`}</title>
      <rect
        x={x}
        y={y}
        width={node.width}
        height={node.height}
        rx={6}
        className={`${style.box} group-hover:stroke-zinc-900`}
        strokeWidth={node.status === 'failed' ? 2 : 1.25}
        strokeDasharray={node.status ? undefined : '4 3'}
      />
      <text x={node.x} y={node.y - 4} textAnchor="middle" className="fill-zinc-900 font-mono text-[12px] font-semibold group-hover:underline">
        {node.name}
      </text>
      <text x={node.x} y={node.y + 12} textAnchor="middle" className={`${style.text} font-mono text-[11px]`}>
        {node.detail}
      </text>
    </a>
  );
}

function Edge({ edge }: { edge: LaidOutEdge }) {
  return (
    <g data-edge-kind={edge.kind}>
      <path
        d={pathOf(edge.points)}
        fill="none"
        className={EDGE_STYLES[edge.kind]}
        strokeWidth={1.5}
        strokeDasharray={edge.kind === 'unless' ? '6 4' : undefined}
        markerEnd={`url(#arrow-${edge.kind})`}
      />
      {edge.label ? (
        <g>
          <rect x={edge.label.x - 20} y={edge.label.y - 8} width={40} height={15} rx={3} className="fill-white" />
          <text
            x={edge.label.x}
            y={edge.label.y + 3.5}
            textAnchor="middle"
            className={`font-mono text-[10px] font-medium ${edge.kind === 'every' ? 'fill-indigo-700' : 'fill-rose-600'}`}
          >
            {edge.label.text}
          </text>
        </g>
      ) : null}
    </g>
  );
}

/** The session's task graph as plain SVG (laid out on the server). Scrolls sideways when wide. */
export function TaskGraph({ layout, title }: { layout: GraphLayout; title: string }) {
  const arrow = (kind: LaidOutEdge['kind']) => (
    <marker key={kind} id={`arrow-${kind}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" className={ARROW_FILLS[kind]} />
    </marker>
  );
  return (
    <ScrollRegion label="Task graph, scrolls sideways" className="overflow-x-auto rounded-lg border border-zinc-200 bg-white p-3 shadow-xs">
      <svg
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label={title}
        data-testid="task-graph"
        className="mx-auto block"
      >
        <defs>{(['after', 'every', 'unless'] as const).map(arrow)}</defs>
        {layout.edges.map((edge) => (
          <Edge key={edge.id} edge={edge} />
        ))}
        {layout.nodes.map((node) => (
          <Node key={node.id} node={node} />
        ))}
      </svg>
    </ScrollRegion>
  );
}

/** What the shapes and lines mean. */
export function GraphLegend() {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-xs text-zinc-600">
      <li className="flex items-center gap-1.5">
        <svg width="28" height="8" aria-hidden><line x1="0" y1="4" x2="28" y2="4" className="stroke-zinc-400" strokeWidth="1.5" /></svg>
        after
      </li>
      <li className="flex items-center gap-1.5">
        <svg width="28" height="8" aria-hidden><line x1="0" y1="4" x2="28" y2="4" className="stroke-indigo-500" strokeWidth="1.5" /></svg>
        every (andEvery: a new instance per fire)
      </li>
      <li className="flex items-center gap-1.5">
        <svg width="28" height="8" aria-hidden><line x1="0" y1="4" x2="28" y2="4" className="stroke-rose-400" strokeWidth="1.5" strokeDasharray="6 4" /></svg>
        unless (abandons unstarted instances)
      </li>
      <li>Rounded pills: triggers (dashed when not fired yet). Boxes: tasks, coloured by their latest instance&apos;s status; click one to jump to it.</li>
    </ul>
  );
}
