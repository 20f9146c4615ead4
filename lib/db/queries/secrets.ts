import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { appSecrets } from '../schema';

/**
 * The secret kept under `name`; the first caller stores `generated` (concurrent first callers
 * all get the one that was stored).
 */
export async function getOrCreateSecret(db: Database, name: string, generated: string): Promise<string> {
  await db.insert(appSecrets).values({ name, value: generated }).onConflictDoNothing();
  const [row] = await db.select().from(appSecrets).where(eq(appSecrets.name, name));
  return row!.value;
}
