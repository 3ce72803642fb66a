import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { normalizeDescriptionForDiff } from "../sources/chapter99Text.js";
import { summarizeEdition } from "./htsCatalog.js";
import { parseEditionBytes } from "./parseEdition.js";

/** Worker thread: parse one edition archive per message and send back its catalog summary (or the error). */
parentPort?.on("message", (job: { id: string; file: string }) => {
  try {
    const edition = parseEditionBytes(job.id, job.file, readFileSync(job.file));
    parentPort!.postMessage({ ok: true, summary: summarizeEdition(edition, normalizeDescriptionForDiff) });
  } catch (err) {
    const e = err as Error & { code?: string; file?: string; position?: string };
    parentPort!.postMessage({ ok: false, error: { message: e.message, code: e.code, file: e.file ?? job.file, position: e.position } });
  }
});
