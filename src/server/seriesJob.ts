import { availableParallelism } from "node:os";
import type { Scenario } from "../analytics/scenarios.js";
import type { AverageOptions } from "../analytics/seriesTypes.js";
import type { CnAverageOptions } from "../analytics/cnAverage.js";
import type { AllPartnerOptions } from "../analytics/allPartnerAverage.js";
import { DataFileError, InputError, TariffscopeError } from "../common/errors.js";

/** Seconds a client is told to wait when the series queue is full. */
export const RETRY_AFTER_SECONDS = 5;

/** Series threads by default: one less than the cores, at least 1, at most 2. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/**
 * What the server sends a worker: one average series or one comparison, over the baseline or scenarios; one word
 * search of the schedule (its index is built and queried off the event loop too); or China's average on US goods.
 */
export type SeriesJob =
  | {
      kind: "average" | "compare";
      /** The server's ledger version (the worker checks it opened the same). */
      ledgerVersion: string;
      opts: AverageOptions & { cacheDir: string };
      /** Scenarios to apply (average) or to compare with the baseline (compare); already read and validated. */
      scenarios: Scenario[];
    }
  /** The all-partner average ("ALL") on days or a range, from the all-partner panel (built in the worker when absent). */
  | {
      kind: "average-all";
      ledgerVersion: string;
      opts: Omit<AllPartnerOptions, "histories"> & { cacheDir: string };
      scenarios: Scenario[];
    }
  | { kind: "search"; ledgerVersion: string; q: string; limit: number }
  /** China's average tariff on US goods (issuer CN), from the China session the worker opens on first use. */
  | { kind: "cn-average"; ledgerVersion: string; opts: CnAverageOptions };

/** A job as a route states it (the ledger version is added by the context). */
export type SeriesJobRequest = SeriesJob extends infer J
  ? J extends SeriesJob
    ? Omit<J, "ledgerVersion">
    : never
  : never;

export interface SeriesWorkerData {
  cacheDir: string;
}

/** A library error as it crosses the thread boundary (a thrown error would arrive without its class and fields). */
export interface WireError {
  kind: "input" | "data" | "library";
  code: string;
  message: string;
  input: string | undefined;
  suggestions: string[];
  file?: string;
  position?: string | undefined;
}

/**
 * The worker's answer: the result as UTF-8 JSON bytes (moved to the server's thread, not copied: the event loop
 * neither serializes nor encodes it, and it lives outside the JS heap), or the library error that refused the job.
 */
export type SeriesReply = Uint8Array | { ok: false; error: WireError };

/** A library error to send back; any other error is thrown (the pool reports it as an internal error). */
export function toWire(err: unknown): WireError | undefined {
  if (!(err instanceof TariffscopeError)) return undefined;
  const base = { code: err.code, message: err.message, input: err.input, suggestions: err.suggestions };
  if (err instanceof InputError) return { kind: "input", ...base };
  if (err instanceof DataFileError) return { kind: "data", ...base, file: err.file, position: err.position };
  return { kind: "library", ...base };
}

/** The same error on the server's side: same class, code, message, input and suggestions. */
export function fromWire(w: WireError): TariffscopeError {
  const e =
    w.kind === "input"
      ? new InputError(w.code, w.input ?? "", "", w.suggestions)
      : w.kind === "data"
        ? new DataFileError(w.file ?? w.input ?? "", "", {
            code: w.code,
            ...(w.position ? { position: w.position } : {}),
          })
        : new TariffscopeError(w.code, "", { ...(w.input ? { input: w.input } : {}), suggestions: w.suggestions });
  e.message = w.message;
  return e;
}
