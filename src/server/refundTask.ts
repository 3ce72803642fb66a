import type { MessagePort } from "node:worker_threads";
import type { ImporterKind } from "../refunds/interest.js";
import type { RefundSummary } from "../refunds/refundSummaryTypes.js";
import type { WireError } from "./seriesJob.js";

/**
 * What the server sends the refund worker (one uploaded entry file to price and book) and what comes back. Progress
 * messages arrive on the task's port while the job runs; the reply ends it.
 */
export interface RefundTask {
  /** The server's ledger version (the worker checks it opened the same). */
  ledgerVersion: string;
  cacheDir: string;
  /** The uploaded file and the folder its book is written to. */
  input: string;
  outDir: string;
  asOf: string;
  importerKind: ImporterKind;
  maxBytes: number;
  /** Where the worker posts `RefundProgress` messages. */
  port: MessagePort;
}

export interface RefundProgress {
  stage: "read" | "panel" | "price" | "write";
  done: number;
  total: number;
}

/** The book's summary, or the library error that refused the file (a thrown error would lose its class and fields). */
export type RefundReply = { ok: true; summary: RefundSummary } | { ok: false; error: WireError };
