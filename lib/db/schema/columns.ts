/** Column helpers shared by the engine's and the app's tables. */
import { integer, timestamp } from 'drizzle-orm/pg-core';

export type Json = Record<string, unknown>;
export type TriggerKwargsJson = Record<string, Json>;

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const counter = (name: string) => integer(name).notNull().default(0);
