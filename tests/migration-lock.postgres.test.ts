/**
 * Several servers starting together on a fresh PostgreSQL database: each migrates at boot
 * (createDatabase), under an advisory lock, so all of them come up, each migration is applied
 * once, and the schema is whole. Four real processes, released at the same moment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, queryRows, schema } from '@/lib/db';
import { migrationsFolder } from '@/lib/db/client';

const TIMEOUT = 180_000;
const SERVERS = 4;
const baseUrl = process.env.TEST_DATABASE_URL!;
const name = `tb_test_migrate_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const url = Object.assign(new URL(baseUrl), { pathname: `/${name}` }).toString();

async function admin(statement: string): Promise<void> {
  const client = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(statement);
  } finally {
    await client.end({ timeout: 5 });
  }
}

afterAll(() => admin(`drop database if exists "${name}" with (force)`));

interface Child {
  process: ChildProcess;
  output: string;
  ready: Promise<void>;
  exit: Promise<number | null>;
}

function startChild(): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/migrate-child.ts', url], {
    cwd: process.cwd(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const handle: Child = { process: child, output: '', ready: Promise.resolve(), exit: Promise.resolve(null) };
  handle.exit = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  handle.ready = new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      handle.output += chunk.toString();
      if (handle.output.includes('READY')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (handle.output += chunk.toString()));
    void handle.exit.then((code) => reject(new Error(`migrate-child exited (${code}) before READY:\n${handle.output}`)));
  });
  return handle;
}

describe('migrations when several servers start together', () => {
  it(`${SERVERS} processes migrating one fresh database at once all succeed, and each migration is applied once`, async () => {
    await admin(`create database "${name}"`);
    const children = Array.from({ length: SERVERS }, startChild);
    try {
      await Promise.all(children.map((child) => child.ready));
      for (const child of children) child.process.stdin!.write('go\n');
      const codes = await Promise.all(children.map((child) => child.exit));
      for (const [index, child] of children.entries()) {
        expect(child.output, `server ${index}`).toContain('MIGRATED');
        expect(child.output, `server ${index}`).not.toMatch(/error/i);
      }
      expect(codes).toEqual(Array.from({ length: SERVERS }, () => 0));
    } finally {
      for (const child of children) child.process.kill('SIGKILL');
    }

    const journal = JSON.parse(await readFile(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const db = await createDatabase({ url });
    try {
      const applied = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations`);
      expect(applied).toHaveLength(journal.entries.length);
      expect(new Set(applied.map((row) => row.hash)).size).toBe(journal.entries.length);
      const queue = await queryRows<{ id: number; n: number }>(db, sql`select id, count(*)::int as n from graphile_worker.migrations group by id`);
      expect(queue.length).toBeGreaterThan(0);
      expect(queue.every((row) => row.n === 1)).toBe(true);
      // Every table of the schema exists.
      const tables = Object.values(schema).filter((value) => is(value, PgTable)).map((table) => getTableName(table));
      const present = await queryRows<{ name: string }>(db, sql`select table_name as name from information_schema.tables where table_schema = 'public'`);
      expect(tables.length).toBeGreaterThan(5);
      expect(present.map((row) => row.name)).toEqual(expect.arrayContaining(tables));
    } finally {
      await closeDatabase(db);
    }
  }, TIMEOUT);
});
