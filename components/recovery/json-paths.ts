import { parseTree, type Node } from 'jsonc-parser';

/** Where a schema issue's path sits in the JSON text. */
export interface PathRange {
  from: number;
  to: number;
  /** False when the path's last part is missing (a required key): the range is its parent's key. */
  exact: boolean;
}

/** The value of a property node, or the element at an index of an array node. */
function child(node: Node, key: string): Node | undefined {
  if (node.type === 'array') return /^\d+$/.test(key) ? node.children?.[Number(key)] : undefined;
  if (node.type !== 'object') return undefined;
  // The last of duplicated keys wins, as JSON.parse reads it.
  const property = node.children?.findLast((p) => p.children?.[0]?.value === key);
  return property?.children?.[1];
}

/** The key of the property holding `node` (for a small mark), or the node's first character. */
function anchorOf(node: Node): { from: number; to: number } {
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (key && key !== node) return { from: key.offset, to: key.offset + key.length };
  return { from: node.offset, to: node.offset + Math.min(node.length, 1) };
}

/**
 * Finds the node an issue's dot path names (`firstPageReceived.subject.email`, array indexes as
 * numbers, '' for the whole value) in the JSON text. A key that contains dots is found too (the
 * parts are joined back when a single part names nothing). When the path goes beyond what the
 * text holds (a missing required key), the range is the key of the deepest part that exists.
 * Null when the text does not parse.
 */
export function rangeOfPath(text: string, path: string): PathRange | null {
  const root = parseTree(text);
  if (!root) return null;
  const parts = path === '' ? [] : path.split('.');
  let node = root;
  let i = 0;
  while (i < parts.length) {
    let next: Node | undefined;
    let used = 0;
    for (let j = i + 1; j <= parts.length && !next; j += 1) {
      next = child(node, parts.slice(i, j).join('.'));
      used = j - i;
    }
    if (!next) {
      return { ...anchorOf(node), exact: false };
    }
    node = next;
    i += used;
  }
  return { from: node.offset, to: node.offset + node.length, exact: true };
}

/** The 1-based line of an offset, for the list under the editor. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
