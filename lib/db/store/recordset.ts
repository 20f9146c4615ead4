/**
 * Many rows in one statement: the records travel as one JSON array that `jsonb_to_recordset`
 * reads back as a table `x`. A writer is built from one list — each column and what it holds,
 * derived from a source value — and every column list and type of the statement follows from it.
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/** The table's columns by TypeScript key, less the ones the statement itself supplies. */
export type ColumnValues<Table extends PgTable, Source, Supplied extends string = never> = {
  [K in Exclude<keyof Table['_']['columns'], Supplied> & string]: (source: Source, now: string) => unknown;
};

const quote = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);

export class RecordsetWriter<Source> {
  private readonly columns: { name: string; type: string; value: (source: Source, now: string) => unknown; updated: boolean }[];

  /**
   * `values` gives every column the statement writes (by TypeScript key); `keptOnUpdate` those
   * an update leaves as first inserted (identity, position, birth).
   */
  constructor(table: PgTable, values: Record<string, (source: Source, now: string) => unknown>, keptOnUpdate: readonly string[] = []) {
    const byKey = getTableColumns(table);
    this.columns = Object.entries(values).map(([key, value]) => {
      const column = byKey[key];
      if (!column) throw new Error(`No column '${key}' in ${getTableName(table)}.`);
      return { name: column.name, type: column.getSQLType(), value, updated: !keptOnUpdate.includes(key) };
    });
  }

  /** The JSON records of `sources`, keyed by SQL column name. */
  records(sources: Iterable<Source>, now = new Date().toISOString()): Record<string, unknown>[] {
    return [...sources].map((source) => Object.fromEntries(this.columns.map((c) => [c.name, c.value(source, now)])));
  }

  /** `jsonb_to_recordset(…) as x(name type, …)`: the records as a table named `x`. */
  recordset(records: readonly Record<string, unknown>[]): SQL {
    const definitions = sql.join(
      this.columns.map((c) => sql`${quote(c.name)} ${sql.raw(c.type)}`),
      sql`, `,
    );
    return sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(${definitions})`;
  }

  /** `"a", "b", …`: the column list of an insert. */
  get insertColumns(): SQL {
    return sql.join(this.columns.map((c) => quote(c.name)), sql`, `);
  }

  /** `x."a", x."b", …`: the values of an insert … select from the recordset. */
  get selectColumns(): SQL {
    return sql.join(this.columns.map((c) => sql`x.${quote(c.name)}`), sql`, `);
  }

  /** `"c" = <from>."c", …` for every updated column; `from` is `x` (an update) or `excluded` (an upsert). */
  assignments(from: 'x' | 'excluded'): SQL {
    return sql.join(
      this.columns.filter((c) => c.updated).map((c) => sql`${quote(c.name)} = ${sql.raw(from)}.${quote(c.name)}`),
      sql`, `,
    );
  }
}
