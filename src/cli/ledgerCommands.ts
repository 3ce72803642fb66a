import type { Command } from "commander";
import { openForCli } from "./openForCli.js";
import { action } from "./errorReport.js";
import { formatCnCheck, formatCnMeasures, issuerOption, openChinaForCli } from "./chinaCommands.js";
import { InputError } from "../common/errors.js";
import { nearestCodes } from "../common/htsCode.js";
import { nearestNames } from "../common/editDistance.js";
import { AUTHORITIES } from "../ledger/measureSchema.js";

export function registerLedgerCommands(program: Command): void {
  const ledger = program
    .command("ledger")
    .description("the compiled US ledger: measures, cross-checks, uncertain facts");
  ledger
    .command("measures")
    .description("every measure: heading, authority, rate, window, status, instrument")
    .option("--authority <a>", "only this authority (s301, s232, ieepa-fentanyl, …)")
    .option("--heading <h>", "only this heading")
    .option("--issuer <code>", "whose ledger: US (default) or CN", "US")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: { authority?: string; heading?: string; issuer?: string; dir?: string; json: boolean }) => {
        if (issuerOption(opts.issuer) === "CN") {
          const cn = await openChinaForCli(opts.dir);
          const ms = cn.ledger.measures.filter((m) => !opts.authority || m.authority === opts.authority);
          process.stdout.write(opts.json ? `${JSON.stringify(ms.map(({ rates, mapped, ...m }) => ({ ...m, lines: rates?.size ?? null, mappedLines: mapped?.size ?? 0 })), null, 2)}\n` : `${formatCnMeasures(cn, opts.authority)}\n`);
          return;
        }
        if (opts.authority !== undefined && !(AUTHORITIES as readonly string[]).includes(opts.authority))
          throw new InputError(
            "UNKNOWN_AUTHORITY",
            "--authority",
            `"${opts.authority}" is not an authority (authorities: ${AUTHORITIES.join(", ")})`,
            nearestNames(opts.authority, AUTHORITIES),
          );
        const { ts } = await openForCli(opts.dir);
        if (opts.heading !== undefined) {
          const headings = [...new Set(ts.ledger.measures.map((m) => m.heading))].sort();
          const digits = opts.heading.replace(/[.\s]/g, "");
          const given = headings.find((h) => h.replace(/\./g, "") === digits);
          if (!given)
            throw new InputError(
              "UNKNOWN_HEADING",
              "--heading",
              `"${opts.heading}" is not the heading of any ledger measure`,
              nearestCodes(digits, headings.map((h) => h.replace(/\./g, ""))),
            );
          opts.heading = given;
        }
        const ms = ts.ledger.measures.filter(
          (m) => (!opts.authority || m.authority === opts.authority) && (!opts.heading || m.heading === opts.heading),
        );
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify(
              ms.map(({ includeCodes, excludeCodes, codeOrigin: _origin, ...m }) => ({
                ...m,
                codes: includeCodes.length,
                excluded: excludeCodes.length,
              })),
              null,
              2,
            )}\n`,
          );
          return;
        }
        const rate = (r: (typeof ms)[number]["rate"]): string =>
          "addOn" in r ? `+${r.addOn}%` : "total" in r ? `${r.total}% total` : "floor" in r ? `floor ${r.floor}%` : "0% (exemption)";
        for (const m of ms) {
          process.stdout.write(
            `${m.heading}  ${m.authority.padEnd(18)} ${rate(m.rate).padEnd(15)} ${m.window.from} → ${m.window.to ?? "…"}  ${m.status}${m.uncertain ? " UNCERTAIN" : ""}  ${m.instrument.id}  [${m.id}]\n`,
          );
        }
      }),
    );
  ledger
    .command("check")
    .description("cross-checks of curated measures against the printed editions, and every uncertain fact")
    .option("--issuer <code>", "whose ledger: US (default) or CN", "US")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: { issuer?: string; dir?: string; json: boolean }) => {
        if (issuerOption(opts.issuer) === "CN") {
          const cn = await openChinaForCli(opts.dir);
          process.stdout.write(opts.json ? `${JSON.stringify(cn.ledger.lists, null, 2)}\n` : `${formatCnCheck(cn)}\n`);
          return;
        }
        const { ts } = await openForCli(opts.dir);
        const mismatches = ts.ledger.checks.filter((c) => !c.ok);
        const uncertain = ts.ledger.measures
          .filter((m) => m.uncertain)
          .map((m) => ({ measure: m.id, heading: m.heading, reason: m.uncertain! }));
        const useDefaults = ts.ledger.useDefaults.map((u) => ({
          fact: u.fact,
          meaning: u.meaning,
          lists: u.lists,
          default: u.default,
          generalProvisions: u.generalProvisions.map((g) => ({ code: g.code, what: g.what, default: !u.default })),
          source: u.source,
        }));
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ ledgerVersion: ts.ledger.version, checked: ts.ledger.checks.length, mismatches, uncertain, useDefaults }, null, 2)}\n`,
          );
          return;
        }
        process.stdout.write(
          `ledger ${ts.ledger.version}: ${ts.ledger.measures.length} measures, ${ts.ledger.checks.length} checked against the editions, ${mismatches.length} where the printed rate differs\n`,
        );
        for (const c of mismatches) process.stdout.write(`  differs: ${c.message}  [${c.measure}]\n`);
        process.stdout.write(`${uncertain.length} measures rest on an uncertain fact:\n`);
        for (const u of uncertain) process.stdout.write(`  ${u.heading} [${u.measure}]: ${u.reason}\n`);
        for (const u of useDefaults) {
          process.stdout.write(
            `use-based fact ${u.fact} (${u.meaning}; lists ${u.lists.join(", ")}): default ${u.default ? "yes" : "no"} per line, except ${u.generalProvisions.length} general provisions (default ${u.default ? "no" : "yes"} unless the line names the use):\n`,
          );
          for (const g of u.generalProvisions) process.stdout.write(`  ${g.code}  ${g.what}\n`);
        }
      }),
    );
}
