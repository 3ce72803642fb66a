import type { Command } from "commander";
import { titleOfCode } from "../schedule/productTitle.js";
import { truncateAtWord } from "../common/wordTruncate.js";
import { diffEditions } from "../schedule/editionDiff.js";
import { showHeading, showLine } from "../schedule/scheduleLookup.js";
import { loadChangeRecords } from "../schedule/changeRecords.js";
import { loadEdition, loadHtsCatalog } from "../schedule/scheduleCatalog.js";
import { EDITIONS, editionById, findIdenticalEditions, loadEditionRegister } from "../schedule/editionRegister.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { action } from "./errorReport.js";
import { ensureCliData } from "./openForCli.js";

const LATEST = EDITIONS[EDITIONS.length - 1]!.id;

function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

export function registerHtsCommands(program: Command): void {
  const hts = program.command("hts").description("read the Harmonized Tariff Schedule editions");

  hts
    .command("editions")
    .description("the register of editions: publication dates, change records, and byte-identical archives")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: { dir?: string; json: boolean }) => {
        await ensureCliData(opts.dir);
        const cacheDir = resolveCacheDir({ dir: opts.dir });
        const [{ editions, later }, identical] = await Promise.all([
          loadEditionRegister(cacheDir),
          findIdenticalEditions(cacheDir),
        ]);
        print(opts.json, { editions, later, identical }, () =>
          [
            ...editions.map(
              (e) =>
                `${e.id.padEnd(12)} published ${e.publishedOn ?? "?"} (${e.publishedOnSource?.kind ?? "unknown"})  change record: ${e.changeRecord ?? "none stored"}`,
            ),
            ...later.map(
              (e) =>
                `${e.id.padEnd(12)} published ${e.publishedOn ?? "?"}  change record only (no JSON edition): ${e.changeRecord}`,
            ),
            "byte-identical editions (decompressed JSON):",
            ...identical.map((g) => `  ${g.ids.join(" = ")}  (sha256 ${g.sha256.slice(0, 12)}…)`),
          ].join("\n"),
        );
      }),
    );

  hts
    .command("show <code>")
    .description(
      "a line of the schedule: ancestors, legal line, base rate, footnotes and the Chapter 99 headings they point to",
    )
    .option("--edition <id>", "edition id (e.g. 2026_rev_10, 2025_basic)", LATEST)
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (code: string, opts: { edition: string; dir?: string; json: boolean }) => {
        await ensureCliData(opts.dir);
        const edition = await loadEdition(editionById(opts.edition).id, { cacheDir: opts.dir });
        const r = showLine(edition, code);
        print(opts.json, r, () =>
          [
            `${r.code}  ${r.description}   [${r.edition}]`,
            `title: ${titleOfCode(edition, r.code) ?? r.description}`,
            r.specialChapter ? `Chapter ${r.specialChapter.chapter}: ${r.specialChapter.note}` : "",
            ...r.ancestors.map((a, i) => `${"  ".repeat(i + 1)}${a.code || "·"} ${a.description}`),
            `legal line: ${r.legalLine}`,
            `base rate (column 1 General): ${JSON.stringify(r.baseRate.text)} → ${r.baseRate.parsed.kind}: ${r.baseRate.summary}`,
            `column 2: ${JSON.stringify(r.column2.text)} → ${r.column2.summary}`,
            "footnotes:",
            ...(r.footnotes.length
              ? r.footnotes.map(
                  (f) =>
                    `  [${f.column} on ${f.onRow}] ${f.text}${f.partialCoverage ? "  (partial coverage: not inherited)" : ""}`,
                )
              : ["  (none)"]),
            "Chapter 99 headings:",
            ...(r.chapter99.length
              ? r.chapter99.map(
                  (h) =>
                    `  ${h.heading}  ${JSON.stringify(h.general)} → ${h.summary}  — ${truncateAtWord(h.description, 100)}`,
                )
              : ["  (none)"]),
            r.statisticalLines.length > 1
              ? `statistical lines: ${r.statisticalLines.map((s) => s.code).join(", ")}`
              : "",
            `source: ${r.source.file} row ${r.source.row}`,
          ]
            .filter((l) => l !== "")
            .join("\n"),
        );
      }),
    );

  hts
    .command("heading <heading>")
    .description(
      "a Chapter 99 heading as parsed (rate, scope, exceptions, window, status notes) and its history across editions",
    )
    .option("--edition <id>", "edition id", LATEST)
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (heading: string, opts: { edition: string; dir?: string; json: boolean }) => {
        await ensureCliData(opts.dir);
        const [edition, { catalog }, records] = await Promise.all([
          loadEdition(editionById(opts.edition).id, { cacheDir: opts.dir }),
          loadHtsCatalog({ cacheDir: opts.dir }),
          loadChangeRecords(opts.dir),
        ]);
        const r = showHeading(catalog, edition, heading, records);
        const p = r.parsed;
        print(opts.json, r, () =>
          [
            `${r.heading}   [${r.edition}]`,
            `rate: ${JSON.stringify(r.general.text)} → ${r.general.parsed.kind}: ${r.general.summary}`,
            `column 2: ${JSON.stringify(r.other.text)}`,
            `scope: ${p.countryScope.anyCountry ? "any country" : p.countryScope.countries.join(", ") || "(not stated)"}${p.countryScope.phrase ? ` — "${p.countryScope.phrase}"` : ""}`,
            p.exceptHeadings.length ? `except products of: ${p.exceptHeadings.join(", ")}` : "",
            ...p.windows.map(
              (w) =>
                `window (${w.kind}${w.exception ? ", carve-out" : ""}): ${w.from ?? "…"} → ${w.to ?? "…"}${w.loadedBefore ? `, loaded before ${w.loadedBefore}` : ""}`,
            ),
            ...p.compilerNotes.map(
              (n) =>
                `compiler's note: ${n.status}${n.asOf ? ` as of ${n.asOf}` : ""}${n.fedReg ? ` (${n.fedReg})` : ""}`,
            ),
            p.placeholders.length ? `placeholders: ${p.placeholders.join("; ")}` : "",
            `text: ${truncateAtWord(p.text, 400)}`,
            `history (${r.appearsIn} editions):`,
            ...r.history.map(
              (h) =>
                `  ${h.fromEdition} → ${h.toEdition}: ${JSON.stringify(h.general)} (${h.summary})${h.textChanged ? " [text changed]" : ""}${h.legalDates.length ? `  legal effective ${[...new Set(h.legalDates.map((d) => `${d.date} (${d.source})`))].join(", ")}` : ""}`,
            ),
          ]
            .filter((l) => l !== "")
            .join("\n"),
        );
      }),
    );

  hts
    .command("diff <editionA> <editionB>")
    .description(
      "headings added / removed / changed, HTS-10 lines established / discontinued, base-rate changes, with legal dates",
    )
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (a: string, b: string, opts: { dir?: string; json: boolean }) => {
        const ea = editionById(a).id;
        const eb = editionById(b).id;
        await ensureCliData(opts.dir);
        const [{ catalog }, records] = await Promise.all([
          loadHtsCatalog({ cacheDir: opts.dir }),
          loadChangeRecords(opts.dir),
        ]);
        const d = diffEditions(catalog, ea, eb, records);
        const dates = (ds: { date: string; source: string }[]): string =>
          ds.length ? `  (effective ${[...new Set(ds.map((x) => `${x.date} ${x.source}`))].join("; ")})` : "";
        print(opts.json, d, () =>
          [
            `${d.from} → ${d.to}`,
            `headings added (${d.headings.added.length}):`,
            ...d.headings.added.map(
              (h) =>
                `  + ${h.heading}  ${JSON.stringify(h.general)}  ${truncateAtWord(h.description, 90)}${dates(h.legalDates)}`,
            ),
            `headings removed (${d.headings.removed.length}):`,
            ...d.headings.removed.map((h) => `  - ${h.heading}  ${JSON.stringify(h.general)}${dates(h.legalDates)}`),
            `headings changed (${d.headings.changed.length}):`,
            ...d.headings.changed.map(
              (h) =>
                `  ~ ${h.heading}  ${h.rateChanged ? `${JSON.stringify(h.before)} → ${JSON.stringify(h.after)}` : "text"}${dates(h.legalDates)}`,
            ),
            `HTS-10 lines established (${d.lines.established.length}), discontinued (${d.lines.discontinued.length}), base-rate changes (${d.lines.baseRateChanged.length})`,
            ...d.lines.established.slice(0, 50).map((l) => `  + ${l.code} ${truncateAtWord(l.description, 80)}`),
            ...d.lines.discontinued.slice(0, 50).map((l) => `  - ${l.code}`),
            ...d.lines.baseRateChanged
              .slice(0, 50)
              .map(
                (l) => `  ~ ${l.code} ${JSON.stringify(l.before)} → ${JSON.stringify(l.after)}${dates(l.legalDates)}`,
              ),
            d.editionsWithoutRecord.length ? `no change record stored for: ${d.editionsWithoutRecord.join(", ")}` : "",
          ]
            .filter((l) => l !== "")
            .join("\n"),
        );
      }),
    );
}
