import { openTariffscope, type Tariffscope } from "../session.js";
import { priceEntryFile } from "../entries/entryPricing.js";
import { writeRefundBook } from "../refunds/refundBook.js";
import { toWire } from "./seriesJob.js";
import type { RefundProgress, RefundReply, RefundTask } from "./refundTask.js";

/**
 * A worker thread of the refund jobs: opens the same tariffscope as the server (from the compiled cache) and prices and
 * books one uploaded entry file with the library's own functions (`priceEntryFile`, `writeRefundBook`), so the server's
 * event loop neither resolves interval-panel profiles nor waits on the pricing. Progress goes back on the task's port.
 */
const sessions = new Map<string, Promise<Tariffscope>>();

export default async function runRefundTask(task: RefundTask): Promise<RefundReply> {
  const { port } = task;
  const progress = (p: RefundProgress): void => port.postMessage(p);
  try {
    let opened = sessions.get(task.cacheDir);
    if (!opened) {
      opened = openTariffscope({ cacheDir: task.cacheDir });
      sessions.set(task.cacheDir, opened);
      opened.catch(() => sessions.delete(task.cacheDir));
    }
    const ts = await opened;
    if (ts.ledger.version !== task.ledgerVersion) {
      throw new Error(`ledger ${ts.ledger.version.slice(0, 12)} is open here, the job is for ${task.ledgerVersion.slice(0, 12)}`);
    }
    const run = await priceEntryFile(ts, task.input, {
      cacheDir: task.cacheDir,
      maxBytes: task.maxBytes,
      onProgress: (stage, done, total) => progress({ stage, done, total }),
    });
    try {
      progress({ stage: "write", done: 0, total: 1 });
      const summary = await writeRefundBook(run, task.outDir, { asOf: task.asOf, importerKind: task.importerKind });
      return { ok: true, summary };
    } finally {
      await run.dispose();
    }
  } catch (err) {
    const error = toWire(err);
    if (error) return { ok: false, error };
    throw err;
  } finally {
    port.close();
  }
}
