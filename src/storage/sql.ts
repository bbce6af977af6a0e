// Plain SQL on the connection Prisma already holds, for the few statements on
// the hot paths (a token written or looked up per request, the client read on
// every token request). Prisma's query layer costs ~300 µs per statement on
// SQLite; the same prepared statement run directly costs ~10 µs. Everything
// else goes through Prisma. Statements are written once with `?`
// placeholders; PostgreSQL gets `$1…`.
import type { Database as SqliteDatabase, Statement as SqliteStatement } from 'better-sqlite3';
import pg from 'pg';

export type SqlValue = string | number | boolean | null | Date | Record<string, unknown> | unknown[];

export interface Statement {
  sql: string;
  params: readonly SqlValue[];
}

export interface Sql {
  /** The rows, as objects keyed by column name (values as the driver returns them: see `column`). */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs the statements in one transaction: all or none. The rows changed by each. */
  batch(statements: readonly Statement[]): Promise<number[]>;
}

/** A foreign-key violation (the referenced row is gone), on either driver. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === 'P2003';
}

/** A primary-key or unique-constraint violation, on either driver. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'P2002';
}

/** A JSON column holding a list of strings (anything else reads as empty). */
export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Reading columns the same way on both drivers. */
export const column = {
  date: (value: unknown): Date => (value instanceof Date ? value : new Date(String(value))),
  optionalDate: (value: unknown): Date | null => (value === null || value === undefined ? null : column.date(value)),
  bool: (value: unknown): boolean => value === true || value === 1 || value === 1n,
  json: <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T)),
};

/** Writes waiting for the next group commit, each with its caller's promise. */
interface PendingWrite {
  statements: readonly Statement[];
  resolve(changes: number[]): void;
  reject(err: unknown): void;
}

/**
 * better-sqlite3: synchronous and in-process, so statements are prepared once
 * and kept.
 *
 * Writes are group-committed: those issued in one turn of the event loop run
 * in one transaction at the next, each in its own savepoint so that one
 * failing (a duplicate key) fails only its caller. In WAL mode every commit
 * appends each page it touched to the log — a token insert touches its table
 * and three indexes — so one commit for many writes saves most of that. A
 * caller's promise settles only after the commit, so nothing is acknowledged
 * before it is durable.
 *
 * Prisma shares the connection: while one of its transactions is open (it
 * awaits between its statements), these statements wait, or they would
 * become part of it.
 */
export class SqliteSql implements Sql {
  private readonly statements = new Map<string, SqliteStatement>();
  private pending: PendingWrite[] = [];
  private flushScheduled = false;

  constructor(private readonly db: SqliteDatabase) {}

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    await this.outsideTransactions();
    return this.statement(sql).all(...params.map(toSqlite)) as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const [changes] = await this.write([{ sql, params }]);
    return changes!;
  }

  batch(statements: readonly Statement[]): Promise<number[]> {
    return this.write(statements);
  }

  private write(statements: readonly Statement[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ statements, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    await this.outsideTransactions();
    const writes = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    const outcomes: ({ ok: true; changes: number[] } | { ok: false; err: unknown })[] = [];
    try {
      this.statement('BEGIN IMMEDIATE').run();
      for (const write of writes) {
        this.statement('SAVEPOINT write').run();
        try {
          const changes = write.statements.map(({ sql, params }) => this.statement(sql).run(...params.map(toSqlite)).changes);
          this.statement('RELEASE write').run();
          outcomes.push({ ok: true, changes });
        } catch (err) {
          this.statement('ROLLBACK TO write').run();
          this.statement('RELEASE write').run();
          outcomes.push({ ok: false, err });
        }
      }
      this.statement('COMMIT').run();
    } catch (err) {
      if (this.db.inTransaction) this.statement('ROLLBACK').run();
      for (const write of writes) write.reject(err);
      return;
    }
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.ok) writes[i]!.resolve(outcome.changes);
      else writes[i]!.reject(outcome.err);
    }
  }

  private async outsideTransactions(): Promise<void> {
    while (this.db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  }

  private statement(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Values as Prisma's SQLite adapter writes them (ISO-8601 text dates, 0/1 booleans, JSON text). */
function toSqlite(value: SqlValue): string | number | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** pg: the pool Prisma's adapter also uses. */
export class PostgresSql implements Sql {
  private readonly texts = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.pool.query({ text: this.text(sql), values: params.map(toPostgres), types: TYPES })).rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.pool.query({ text: this.text(sql), values: params.map(toPostgres), types: TYPES })).rowCount ?? 0;
  }

  async batch(statements: readonly Statement[]): Promise<number[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const counts: number[] = [];
      for (const { sql, params } of statements) {
        counts.push((await client.query({ text: this.text(sql), values: params.map(toPostgres), types: TYPES })).rowCount ?? 0);
      }
      await client.query('COMMIT');
      return counts;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  private text(sql: string): string {
    let text = this.texts.get(sql);
    if (!text) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      this.texts.set(sql, text);
    }
    return text;
  }
}

/**
 * Prisma keeps DateTime in `timestamp(3)` columns (no time zone) as UTC. pg
 * would read and write those in the process's local zone, so timestamps go
 * out as UTC text and come back read as UTC.
 */
function toPostgres(value: SqlValue): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, (format ?? 'text') as 'text')) as typeof pg.types.getTypeParser,
};
