import type { DuckDBConnection, DuckDBInstance, DuckDBTypeId, DuckDBValue } from "@duckdb/node-api";

/** The DuckDB library, loaded on the first `openDuckDb` (its native module costs start-up time to commands without it). */
type DuckApi = typeof import("@duckdb/node-api");
let api: Promise<DuckApi> | undefined;
const duckApi = (): Promise<DuckApi> => (api ??= import("@duckdb/node-api"));

/**
 * A thin wrapper over `@duckdb/node-api`: one in-memory DuckDB instance and connection, queries with parameters,
 * results as plain row objects. No business rules live here.
 *
 * Value conversion (DuckDB → JS): integers (BIGINT, HUGEINT, …) become `number` when they fit in a safe integer and
 * stay `bigint` otherwise; DOUBLE → number; VARCHAR → string; DATE/TIMESTAMP → `Date`; LIST → array; NULL → null.
 * Cast in SQL (`CAST(x AS DOUBLE)`) when a column must be a number.
 */

/** A query parameter: scalars, or an array of scalars (sent as a DuckDB LIST, e.g. a file list for `read_parquet`). */
export type SqlParam = string | number | boolean | bigint | null | readonly (string | number | boolean | null)[];

/** Positional (`$1`, `?`) or named (`$name`) parameters. */
export type SqlParams = readonly SqlParam[] | Readonly<Record<string, SqlParam>>;

/** A row as a plain object, keyed by column name. */
export type SqlRow = Record<string, unknown>;

export interface DuckDb {
  /** Run one statement and return its rows (all of them, materialized). */
  query<T extends object = SqlRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Run a statement for its effect (DDL, COPY, SET). */
  exec(sql: string, params?: SqlParams): Promise<void>;
  /** Close the connection and the instance. Further calls fail. Idempotent. */
  close(): void;
  /** True once `close()` was called. */
  readonly closed: boolean;
}

export interface OpenDuckDbOptions {
  /** DuckDB configuration options (e.g. `{ threads: "4" }`). */
  config?: Record<string, string>;
}

function toDuckValue(duck: DuckApi, p: SqlParam): DuckDBValue {
  if (Array.isArray(p)) return duck.listValue(p as (string | number | boolean | null)[]);
  return p as DuckDBValue;
}

function toDuckParams(duck: DuckApi, params: SqlParams | undefined): DuckDBValue[] | Record<string, DuckDBValue> | undefined {
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return (params as readonly SqlParam[]).map((p) => toDuckValue(duck, p));
  const out: Record<string, DuckDBValue> = {};
  for (const [k, v] of Object.entries(params as Record<string, SqlParam>)) out[k] = toDuckValue(duck, v);
  return out;
}

/** Types whose raw DuckDB values are already plain JS (string, number, boolean, bigint, null). */
function primitiveTypes({ DuckDBTypeId: T }: DuckApi): Set<DuckDBTypeId> {
  return new Set<DuckDBTypeId>([
    T.BOOLEAN,
    T.TINYINT,
    T.SMALLINT,
    T.INTEGER,
    T.BIGINT,
    T.UTINYINT,
    T.USMALLINT,
    T.UINTEGER,
    T.UBIGINT,
    T.HUGEINT,
    T.UHUGEINT,
    T.FLOAT,
    T.DOUBLE,
    T.VARCHAR,
    T.SQLNULL,
  ]);
}

function plain(v: unknown): unknown {
  if (typeof v === "bigint") {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
  }
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

class DuckDbHandle implements DuckDb {
  #closed = false;
  readonly #primitive: Set<DuckDBTypeId>;

  constructor(
    private readonly duck: DuckApi,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {
    this.#primitive = primitiveTypes(duck);
  }

  get closed(): boolean {
    return this.#closed;
  }

  #check(): void {
    if (this.#closed) throw new Error("DuckDB handle is closed");
  }

  async query<T extends object = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    this.#check();
    const reader = await this.connection.runAndReadAll(sql, toDuckParams(this.duck, params));
    // Column-wise: raw values for primitive types (already plain JS), the library's JS conversion only for the
    // other columns. Several times faster than getRowObjectsJS on large results.
    const names = reader.columnNames();
    const raw = reader.getColumns();
    let js: unknown[][] | undefined;
    const columns: unknown[][] = names.map((_, j) => {
      if (this.#primitive.has(reader.columnTypeId(j))) return raw[j]!;
      js ??= reader.getColumnsJS();
      return js[j]!;
    });
    const n = reader.currentRowCount;
    const rows = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      for (let j = 0; j < names.length; j++) row[names[j]!] = plain(columns[j]![i]);
      rows[i] = row as T;
    }
    return rows;
  }

  async exec(sql: string, params?: SqlParams): Promise<void> {
    this.#check();
    await this.connection.run(sql, toDuckParams(this.duck, params));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Open an in-memory DuckDB instance with one connection. Close it with `close()` (or use `withDuckDb`). */
export async function openDuckDb(options: OpenDuckDbOptions = {}): Promise<DuckDb> {
  const duck = await duckApi();
  const instance = await duck.DuckDBInstance.create(":memory:", options.config);
  const connection = await instance.connect();
  return new DuckDbHandle(duck, instance, connection);
}

/** Open an in-memory instance, run `fn` with it and close it whatever happens. */
export async function withDuckDb<T>(fn: (db: DuckDb) => Promise<T>, options: OpenDuckDbOptions = {}): Promise<T> {
  const db = await openDuckDb(options);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Quote an identifier for SQL (`"name"`, inner quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
