import { connection } from 'next/server';
import { getHealth } from '@/lib/health';

/** `GET /api/health`: 200 when the database answers, 503 when it does not. Never cached. */
export async function GET(): Promise<Response> {
  await connection();
  const { ok, database } = await getHealth();
  if (!ok) console.error(`[triggerboard] health check failed (${database.kind}): ${database.error ?? 'unknown error'}`);
  return Response.json(
    { ok, database: { kind: database.kind, ok: database.ok, latencyMs: database.latencyMs } },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
