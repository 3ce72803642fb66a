/**
 * `tariffscope data sync` and `tariffscope data status`: thin adapters over `src/data/`.
 */
import { type Command } from "commander";
import cliProgress from "cli-progress";
import { resolveCacheDir, resolveMirror } from "../data/cacheDir.js";
import { dataStatus, type StatusReport } from "../data/status.js";
import { syncData, type SyncProgress, type SyncReport } from "../data/sync.js";
import { registerDataUpdateCommand } from "./dataUpdateCommand.js";
import { describeOfficialCounts } from "../data/officialClasses.js";
import { action } from "./errorReport.js";

interface SyncCliOptions {
  dir?: string;
  mirror?: string | false;
  only?: string;
  download?: boolean;
  official?: boolean;
  publisherBase?: string;
  json?: boolean;
}

interface StatusCliOptions {
  dir?: string;
  only?: string;
  upstream?: boolean;
  publisherBase?: string;
  json?: boolean;
}

/** Where the commands write; replaceable for tests. */
export interface DataCommandIo {
  stdout: (text: string) => void;
  stderr: NodeJS.WriteStream;
}

const defaultIo = (): DataCommandIo => ({ stdout: (t) => process.stdout.write(t), stderr: process.stderr });

/** Add `data sync` and `data status` to `program`; returns the `data` command. */
export function registerDataCommands(program: Command, io: DataCommandIo = defaultIo()): Command {
  const data = program
    .command("data")
    .description("source data: sync the local cache from a mirror or official addresses");

  data
    .command("sync")
    .description("fetch every dataset of the manifest into the local cache, verifying checksums")
    .option("--dir <dir>", "cache folder (default: $TARIFFSCOPE_CACHE_DIR or the user cache folder)")
    .option(
      "--mirror <dir>",
      "mirror folder to copy from (default: $TARIFFSCOPE_MIRROR or ../shared/data when present)",
    )
    .option("--no-mirror", "ignore any mirror folder: official addresses only")
    .option("--only <groups>", "comma-separated group names or dataset ids (e.g. hts-editions,legal-texts)")
    .option("--no-download", "never download from official addresses")
    .option(
      "--official",
      "download from the publishers first (through each dataset's recipe); the mirror only for what no recipe produces",
    )
    .option(
      "--publisher-base <url>",
      "reach every publisher through this base URL, official host as first path segment (default: $TARIFFSCOPE_PUBLISHER_BASE)",
    )
    .option("--json", "print the report as JSON")
    .action(
      action(async (opts: SyncCliOptions) => {
        const cacheDir = resolveCacheDir({ dir: opts.dir });
        const mirror = resolveMirror({ mirror: opts.mirror });
        const progress = progressReporter(io.stderr);
        const report = await syncData({
          cacheDir,
          mirror,
          ...(opts.only !== undefined ? { only: opts.only } : {}),
          download: opts.download !== false,
          ...(opts.official ? { prefer: "official" as const } : {}),
          ...(opts.publisherBase !== undefined ? { publisherBase: opts.publisherBase } : {}),
          onProgress: progress.onProgress,
        });
        progress.stop();
        io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatSyncSummary(report));
        if (report.counts.missing + report.counts.corrupt > 0) process.exitCode = 1;
      }),
    );

  data
    .command("status")
    .description("list datasets with their presence and checksum state in the local cache")
    .option("--dir <dir>", "cache folder (default: $TARIFFSCOPE_CACHE_DIR or the user cache folder)")
    .option("--only <groups>", "comma-separated group names or dataset ids")
    .option(
      "--upstream",
      "also ask each publisher whether its file changed since it was fetched (one HEAD request each)",
    )
    .option("--publisher-base <url>", "reach publishers through this base URL (default: $TARIFFSCOPE_PUBLISHER_BASE)")
    .option("--json", "print the status as JSON")
    .action(
      action(async (opts: StatusCliOptions) => {
        const cacheDir = resolveCacheDir({ dir: opts.dir });
        const report = await dataStatus({
          cacheDir,
          ...(opts.only !== undefined ? { only: opts.only } : {}),
          ...(opts.upstream
            ? { upstream: opts.publisherBase !== undefined ? { publisherBase: opts.publisherBase } : true }
            : {}),
        });
        io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
      }),
    );

  registerDataUpdateCommand(data, { stdout: io.stdout });

  return data;
}

/** Progress on stderr: a bar when stderr is a terminal, otherwise one line per fetched, missing or corrupt file. */
function progressReporter(stderr: NodeJS.WriteStream): { onProgress: (e: SyncProgress) => void; stop: () => void } {
  if (stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stderr,
        format: "data sync [{bar}] {value}/{total} {file}",
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      onProgress: (e) => {
        if (e.kind === "start") bar.start(e.total, 0, { file: "" });
        else bar.update(e.done, { file: e.result.path });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    onProgress: (e) => {
      if (e.kind === "start") stderr.write(`data sync: ${e.total} dataset(s)\n`);
      else if (e.result.status !== "ok") {
        const from = e.result.source ? ` from ${e.result.source}` : "";
        const why = e.result.replaced ? " (the cached copy was damaged: wrong checksum)" : "";
        stderr.write(`  ${e.result.status.padEnd(7)} ${e.result.path}${from}${why}\n`);
      }
    },
    stop: () => undefined,
  };
}

/** Human summary of a sync: counts, then each missing or corrupt file with the reason and both checksums. */
export function formatSyncSummary(report: SyncReport): string {
  const { ok, fetched, missing, corrupt } = report.counts;
  const lines = [
    `cache:  ${report.cacheDir}`,
    `mirror: ${report.mirror ?? "(none: official addresses)"}`,
    `${report.entries.length} dataset(s): ${ok} ok, ${fetched} fetched, ${missing} missing, ${corrupt} corrupt (${(report.elapsedMs / 1000).toFixed(1)} s)`,
  ];
  lines.push(describeOfficialCounts(report.official));
  if (fetched > 0) {
    const from = (s: string): number => report.entries.filter((e) => e.status === "fetched" && e.source === s).length;
    lines.push(`fetched from: ${from("download")} publisher(s), ${from("mirror")} mirror`);
  }
  for (const e of report.entries) {
    if (e.status === "corrupt") {
      lines.push(`CORRUPT ${e.path} [${e.id}]`, `  expected sha256 ${e.expected}`, `  actual   sha256 ${e.actual}`);
      if (e.reason) lines.push(`  ${e.reason}`);
    } else if (e.status === "missing") {
      lines.push(`MISSING ${e.path} [${e.id}]`, `  ${e.reason ?? "not found"}`);
    } else if (e.replaced) {
      lines.push(
        `REPLACED ${e.path} [${e.id}]: the cached copy was damaged; fetched again from the ${e.source ?? "source"}`,
        `  damaged  sha256 ${e.replaced.actual}`,
        `  expected sha256 ${e.replaced.expected}`,
      );
    } else if (e.warning && e.source === "download") {
      lines.push(`WARNING ${e.path} [${e.id}]: ${e.warning}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Human table of a status report, grouped by dataset group. */
export function formatStatus(report: StatusReport): string {
  const c = report.counts;
  const lines = [
    `cache: ${report.cacheDir}`,
    `${c.total} dataset(s): ${c.present} present (${c.ok} ok, ${c.mismatch} mismatch, ${c.unknown} unverifiable), ${c.absent} absent`,
    describeOfficialCounts(report.official),
  ];
  if (report.upstream) {
    const u = report.upstream;
    lines.push(
      `upstream: ${u.changed} changed, ${u.unchanged} unchanged, ${u.unknown} unknown, ${u.unreachable} unreachable, ${u["no-recipe"]} without an official recipe`,
    );
  }
  let group = "";
  for (const e of report.entries) {
    if (e.group !== group) {
      group = e.group;
      lines.push("", `${group}:`);
    }
    const state = !e.present
      ? "absent"
      : e.checksum === "ok"
        ? "ok"
        : e.checksum === "mismatch"
          ? "MISMATCH"
          : "unknown";
    const size = e.bytes === null ? "" : ` ${formatBytes(e.bytes)}`;
    lines.push(`  ${state.padEnd(8)} ${e.id.padEnd(44)} ${e.path}${size}  [${e.official === "none" ? "official: none" : e.official}]`);
    if (!e.present && e.official === "none") lines.push(`           no official recipe: from a mirror folder only; feeds ${e.feeds}`);
    if (e.present && e.checksum === "mismatch")
      lines.push(`           expected ${e.expected}`, `           actual   ${e.actual}`);
    if (e.upstream && (e.upstream.state === "changed" || e.upstream.state === "unreachable"))
      lines.push(`           UPSTREAM ${e.upstream.state.toUpperCase()} ${e.upstream.url ?? ""}: ${e.upstream.detail}`);
  }
  return `${lines.join("\n")}\n`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
