import type { DuckDb } from "../store/duckdb.js";

/** One statement's cost: its SQL, wall seconds and CPU seconds (every thread of the process). */
export interface StatementCost {
  sql: string;
  seconds: number;
  cpuSeconds: number;
}

const cpuSince = (start: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
};

/**
 * A DuckDb whose every statement (query or exec) reports its wall and CPU time to `onStatement` — for profiling a
 * run statement by statement (the entries bench). The statements and their results are the wrapped database's.
 */
export function timedDuckDb(db: DuckDb, onStatement: (cost: StatementCost) => void): DuckDb {
  const timed = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    try {
      return await run();
    } finally {
      onStatement({ sql, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(cpu0) });
    }
  };
  return {
    query: <T extends object>(sql: string, params?: Parameters<DuckDb["query"]>[1]) => timed(sql, () => db.query<T>(sql, params)),
    exec: (sql, params) => timed(sql, () => db.exec(sql, params)),
    close: () => db.close(),
    get closed() {
      return db.closed;
    },
  };
}
