/**
 * `tariffscope data update`: check USITC's release list for HTS releases the manifest does not hold, download their
 * JSON export and change record into the cache (`src/data/update.ts`), then say what the ledger does not cover of the
 * newest edition's Chapter 99 (`src/ledger/headingCoverage.ts`). A thin adapter: options in, report out; the
 * modules doing the work (`./dataUpdateReport.ts`) load only when the command runs.
 */
import type { Command } from "commander";
import { action } from "./errorReport.js";
import type { UpdateCliOptions } from "./dataUpdateReport.js";

/** Where the command writes; replaceable for tests. */
export interface UpdateCommandIo {
  stdout: (text: string) => void;
}

/** Add `data update` to the `data` command. */
export function registerDataUpdateCommand(
  data: Command,
  io: UpdateCommandIo = { stdout: (t) => process.stdout.write(t) },
): void {
  data
    .command("update")
    .description(
      "check USITC's release list for newer HTS revisions, download their JSON and change record into the cache, and list the Chapter 99 headings the ledger does not cover",
    )
    .option("--dir <dir>", "cache folder (default: $TARIFFSCOPE_CACHE_DIR or the user cache folder)")
    .option(
      "--publisher-base <url>",
      "reach the publishers through this base URL (default: $TARIFFSCOPE_PUBLISHER_BASE)",
    )
    .option("--dry-run", "check and report only: download nothing")
    .option("--json", "print the report as JSON")
    .action(
      action(async (opts: UpdateCliOptions) => {
        const { runUpdate, formatUpdateReport } = await import("./dataUpdateReport.js");
        const report = await runUpdate(opts);
        io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatUpdateReport(report));
        if (!report.releaseList.ok || report.files.failed > 0 || !report.coverage.ok) process.exitCode = 1;
      }),
    );
}
