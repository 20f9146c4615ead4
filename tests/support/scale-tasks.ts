/**
 * The task module of the scale-out test (loaded through TASKS_MODULE by its servers and workers):
 * one handler that records each run it starts — session, instance, process — in the file named
 * by SCALE_RUNS_FILE (one appended line per run), then works for a moment so a killed worker
 * dies mid-run.
 */
import { appendFileSync } from 'node:fs';
import { TaskRegistry } from '@/lib/triggers';

export function createTaskRegistry(): TaskRegistry {
  return new TaskRegistry().register('step', async (ctx) => {
    const runsFile = process.env.SCALE_RUNS_FILE;
    if (!runsFile) throw new Error('SCALE_RUNS_FILE is not set');
    // One short write with O_APPEND: lines from concurrent processes never interleave.
    appendFileSync(runsFile, `${JSON.stringify({ uid: ctx.manager.store.uid, name: ctx.instanceName, pid: process.pid })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 350));
    return { pid: process.pid };
  });
}
