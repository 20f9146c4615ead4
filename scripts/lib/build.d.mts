/** Types of build.mjs, for TypeScript callers (tests, bench). */
import type { ChildProcess } from 'node:child_process';

export function buildNeeded(root?: string): string | null;
export function runNextBuild(root?: string, options?: { skipTypecheck?: boolean; onSpawn?: (child: ChildProcess) => void }): Promise<void>;
