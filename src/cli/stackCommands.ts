import type { Command } from "commander";
import { ENTRY_FACTS, parseFactPairs, type EntryFacts } from "../engine/entryFacts.js";
import type { HistoryResult } from "../engine/history.js";
import type { Stack, StackResult } from "../engine/stackTypes.js";
import { stackJson } from "../engine/stackJson.js";
import { loadProductTitles, type ProductTitleTable } from "../schedule/productTitleTable.js";
import { refuseSpecialCode } from "../schedule/specialChapters.js";
import { action } from "./errorReport.js";
import { openForCli } from "./openForCli.js";
import { formatCnHistory, formatCnStackResult, issuerOption, openChinaForCli } from "./chinaCommands.js";

const pct = (x: number | null): string => (x === null ? "n/a" : `${Number(x.toFixed(4))}%`);
const usd = (x: number | undefined): string =>
  x === undefined ? "" : `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function factsFrom(opts: { value?: string; fact?: string[] }): EntryFacts {
  const pairs = [...(opts.fact ?? [])];
  if (opts.value !== undefined) pairs.push(`value=${opts.value}`);
  return parseFactPairs(pairs);
}

/** Human-readable stack: one row per line, then the total and the flags; `titles` gives the product's title. */
export function formatStack(s: Stack, titles?: ProductTitleTable): string {
  const rows = s.lines.map((l) => {
    const base = l.valueShare === 1 ? l.valueBase : `${l.valueBase} ×${Number(l.valueShare.toFixed(4))}`;
    const rate = l.role === "exemption" ? "0%" : pct(l.ratePercent);
    return [
      l.heading.padEnd(13),
      l.authority.padEnd(18),
      rate.padStart(9),
      base.padEnd(22),
      usd(l.amount).padStart(13),
      `${l.instrument?.id ?? ""}`.padEnd(22),
      `${l.window.from}→${l.window.to ?? ""}`.padEnd(23),
      `${l.status}${l.refundable ? " (refundable)" : ""}${l.uncertain ? " UNCERTAIN" : ""}`,
    ].join(" ");
  });
  const out = [
    `${s.hts}  ${titles?.get(s.hts.replace(/\D/g, "")) ?? s.description.replace(/<[^>]+>/g, "")}`,
    `origin ${s.origin}, entered ${s.date}, view ${s.view}, legal line ${s.legalLine}, edition ${s.edition}`,
    `${"heading".padEnd(13)} ${"authority".padEnd(18)} ${"rate".padStart(9)} ${"value base".padEnd(22)} ${"amount".padStart(13)} ${"instrument".padEnd(22)} ${"window".padEnd(23)} status`,
    ...rows,
    `total ${pct(s.totalPercent)} (additional ${pct(s.additionalPercent)})${s.totalAmount !== undefined ? `  ${usd(s.totalAmount)}` : ""}`,
  ];
  if (s.refundablePercent > 0)
    out.push(
      `refundable (void in law): ${pct(s.refundablePercent)}${s.refundableAmount !== undefined ? ` ${usd(s.refundableAmount)}` : ""}`,
    );
  for (const n of s.needsFacts) out.push(`needs fact ${n.fact}: ${n.why} (default: ${n.defaultUsed})`);
  for (const u of s.uncertain) out.push(`uncertain ${u.heading}: ${u.reason}`);
  if (s.coverage.level === "partial")
    out.push(`coverage: partial — not modelled for ${s.origin}: ${s.coverage.missing.join("; ")}`);
  if (s.announced) out.push("announced: this date is after the ledger's review date; later measures are as announced");
  for (const n of s.notes) out.push(`note: ${n}`);
  return out.join("\n");
}

export function formatStackResult(r: StackResult, titles?: ProductTitleTable): string {
  if (r.kind === "single") {
    const head =
      r.statisticalLines.length > 1
        ? `(all ${r.statisticalLines.length} statistical lines share this stack: ${r.statisticalLines.join(", ")})\n`
        : "";
    return head + formatStack(r.stack, titles);
  }
  return [
    `${r.code}: its statistical lines have ${r.variants.length} different stacks`,
    ...r.variants.map((v) => `\n== ${v.codes.join(", ")}\n${formatStack(v.stack, titles)}`),
  ].join("\n");
}

function formatIntervals(intervals: HistoryResult["intervals"]): string[] {
  const out: string[] = [];
  for (const i of intervals) {
    const parts = Object.entries(i.byAuthority)
      .map(([a, v]) => `${a} ${pct(v)}`)
      .join(" + ");
    out.push(`${i.from} → ${i.to}  total ${pct(i.totalPercent)}  [${parts}]`);
    for (const c of i.changes)
      out.push(`    ${c.heading} ${c.authority}: ${pct(c.before)} → ${pct(c.after)}  (${c.instrument?.id ?? ""})`);
    if (i.uncertain.length) out.push(`    uncertain: ${i.uncertain.join("; ")}`);
  }
  return out;
}

export function formatHistory(h: HistoryResult): string {
  const out = [`${h.hts} origin ${h.origin}, ${h.from} → ${h.to}, view ${h.view}`];
  if (!h.variants) {
    if (h.statisticalLines.length > 1)
      out.push(
        `(all ${h.statisticalLines.length} statistical lines share this timeline: ${h.statisticalLines.join(", ")})`,
      );
    out.push(...formatIntervals(h.intervals));
  } else {
    out.push(`its statistical lines have ${h.variants.length} different timelines`);
    for (const v of h.variants) out.push(`\n== ${v.codes.join(", ")}`, ...formatIntervals(v.intervals));
  }
  return out.join("\n");
}

export function registerStackCommands(program: Command): void {
  program
    .command("stack <hts>")
    .description(
      "every US duty on a product of an origin entered on a date: heading, authority, rate, value base, amount, instrument",
    )
    .requiredOption("--origin <code>", "country of origin (ISO code: CN, HK, MO, …)")
    .requiredOption("--date <yyyy-mm-dd>", "date of entry (or withdrawal from warehouse) for consumption")
    .option("--value <usd>", "customs (entered) value in US dollars")
    .option(
      "--fact <key=value...>",
      `entry facts: ${Object.keys(ENTRY_FACTS)
        .filter((k) => k !== "value")
        .join(", ")}`,
    )
    .option("--view <view>", "legal view of the ledger (views.yaml: collected, adjudicated); default: the ledger's default view")
    .option("--scenario <file...>", "scenario files or shipped names applied to the ledger")
    .option("--issuer <code>", "whose tariffs: US (default: US duties on goods of an origin) or CN (China's duties on goods of US origin)", "US")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(
        async (
          hts: string,
          opts: {
            origin: string;
            date: string;
            value?: string;
            fact?: string[];
            view?: string;
            scenario?: string[];
            issuer?: string;
            dir?: string;
            json: boolean;
          },
        ) => {
          if (issuerOption(opts.issuer) === "CN") {
            const cn = await openChinaForCli(opts.dir);
            const r = cn.stack({ hts, origin: opts.origin, date: opts.date });
            process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatCnStackResult(r)}\n`);
            return;
          }
          refuseSpecialCode(hts); // before opening the ledger: a Chapter 98/99 code is not a product
          const facts = factsFrom(opts);
          const { ts } = await openForCli(opts.dir, opts.scenario);
          const r = ts.stack({ hts, origin: opts.origin, date: opts.date, facts, view: opts.view });
          if (opts.json) process.stdout.write(`${JSON.stringify(stackJson(r), null, 2)}\n`);
          else {
            const edition = r.kind === "single" ? r.stack.edition : r.variants[0]!.stack.edition;
            const titles = await loadProductTitles(edition, { cacheDir: opts.dir });
            process.stdout.write(`${formatStackResult(r, titles)}\n`);
          }
        },
      ),
    );
  program
    .command("history <hts>")
    .description("the step timeline of a product's duties: each interval with its total and the layers that changed")
    .requiredOption("--origin <code>", "country of origin")
    .option("--from <yyyy-mm-dd>", "first day (default: start of coverage)")
    .option("--to <yyyy-mm-dd>", "last day (default: end of coverage)")
    .option("--fact <key=value...>", "entry facts, as for stack")
    .option("--view <view>", "legal view of the ledger (views.yaml: collected, adjudicated); default: the ledger's default view")
    .option("--issuer <code>", "whose tariffs: US (default: US duties on goods of an origin) or CN (China's duties on goods of US origin)", "US")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(
        async (
          hts: string,
          opts: {
            origin: string;
            from?: string;
            to?: string;
            fact?: string[];
            view?: string;
            issuer?: string;
            dir?: string;
            json: boolean;
          },
        ) => {
          if (issuerOption(opts.issuer) === "CN") {
            const cn = await openChinaForCli(opts.dir);
            const h = cn.history({ hts, origin: opts.origin, from: opts.from, to: opts.to });
            process.stdout.write(opts.json ? `${JSON.stringify(h, null, 2)}\n` : `${formatCnHistory(h)}\n`);
            return;
          }
          refuseSpecialCode(hts);
          const facts = factsFrom(opts);
          const { ts } = await openForCli(opts.dir);
          const h = ts.history({
            hts,
            origin: opts.origin,
            from: opts.from,
            to: opts.to,
            facts,
            view: opts.view,
          });
          process.stdout.write(opts.json ? `${JSON.stringify(h, null, 2)}\n` : `${formatHistory(h)}\n`);
        },
      ),
    );
}
