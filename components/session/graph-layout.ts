import dagre from '@dagrejs/dagre';
import type { InstanceStatus } from '@/lib/triggers/types';
import { afterOnly } from './task-sentence';

export type EdgeKind = 'after' | 'unless' | 'every';

export interface GraphTaskInput {
  name: string;
  run: string;
  after: string[];
  unless: string[];
  andEvery: string | null;
  instanceCount: number;
  /** Status of the task's latest instance (highest sequence number), null without instances. */
  latestStatus: InstanceStatus | null;
}

export interface LaidOutNode {
  id: string;
  kind: 'task' | 'trigger';
  name: string;
  /** Second line: the latest status, or for a trigger whether it fired. */
  detail: string;
  status: InstanceStatus | null;
  fired: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  id: string;
  kind: EdgeKind;
  from: string;
  to: string;
  points: { x: number; y: number }[];
  label: { text: string; x: number; y: number } | null;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

// Monospace text at 12 px is about 7.3 px per character; 11 px about 6.7.
const NAME_CHAR = 7.3;
const DETAIL_CHAR = 6.7;
const NODE_HEIGHT = 44;

const nodeId = (kind: 'task' | 'trigger', name: string) => `${kind}:${name}`;

/**
 * Lays out a session's task graph left to right with dagre: trigger nodes, task nodes, and an
 * edge per directive. A task name used as a trigger (a cascade) is the task node itself.
 */
export function layoutTaskGraph(tasks: GraphTaskInput[], firedCounts: Map<string, number>): GraphLayout {
  const taskNames = new Set(tasks.map((task) => task.name));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, edgesep: 12, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));

  const nodes = new Map<string, Omit<LaidOutNode, 'x' | 'y'>>();
  const addNode = (node: Omit<LaidOutNode, 'x' | 'y' | 'width' | 'height'>) => {
    const width = Math.ceil(Math.max(node.name.length * NAME_CHAR, node.detail.length * DETAIL_CHAR) + 28);
    nodes.set(node.id, { ...node, width, height: NODE_HEIGHT });
    g.setNode(node.id, { width, height: NODE_HEIGHT });
  };

  for (const task of tasks) {
    addNode({
      id: nodeId('task', task.name),
      kind: 'task',
      name: task.name,
      detail: task.latestStatus ? `${task.latestStatus} · ${task.instanceCount} inst.` : 'no instance yet',
      status: task.latestStatus,
      fired: task.instanceCount > 0,
    });
  }
  const sourceOf = (trigger: string) => {
    if (taskNames.has(trigger)) return nodeId('task', trigger);
    const id = nodeId('trigger', trigger);
    if (!nodes.has(id)) {
      const count = firedCounts.get(trigger) ?? 0;
      addNode({
        id,
        kind: 'trigger',
        name: trigger,
        detail: count === 0 ? 'not fired yet' : count === 1 ? 'fired once' : `fired ${count} times`,
        status: null,
        fired: count > 0,
      });
    }
    return id;
  };

  const edges: Omit<LaidOutEdge, 'points' | 'label'>[] = [];
  const addEdge = (trigger: string, task: string, kind: EdgeKind) => {
    const from = sourceOf(trigger);
    const to = nodeId('task', task);
    const id = `${kind}:${trigger}->${task}`;
    edges.push({ id, kind, from, to });
    const label = kind === 'after' ? {} : { width: kind === 'every' ? 40 : 44, height: 14, labelpos: 'c' as const };
    g.setEdge(from, to, label, id);
  };
  for (const task of tasks) {
    for (const trigger of afterOnly(task)) addEdge(trigger, task.name, 'after');
    if (task.andEvery) addEdge(task.andEvery, task.name, 'every');
    for (const trigger of task.unless) addEdge(trigger, task.name, 'unless');
  }

  dagre.layout(g);
  const graph = g.graph();
  return {
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    nodes: [...nodes.values()].map((node) => {
      const laid = g.node(node.id);
      return { ...node, x: laid.x ?? 0, y: laid.y ?? 0 };
    }),
    edges: edges.map((edge) => {
      const laid = g.edge({ v: edge.from, w: edge.to, name: edge.id });
      const points = laid.points ?? [];
      const label =
        edge.kind === 'after' || laid.x === undefined || laid.y === undefined ? null : { text: edge.kind, x: laid.x, y: laid.y };
      return { ...edge, points, label };
    }),
  };
}
