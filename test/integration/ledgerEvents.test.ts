import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLedgerFiles, loadProductListRegistry } from "../../src/ledger/eventFiles.js";
import type { Measure } from "../../src/ledger/measureSchema.js";
import { toStackMeasures } from "../../src/ledger/stackMeasures.js";
import { mirrorFile, repoRoot } from "../support/mirror.js";

const ledgerDir = join(repoRoot, "ledger", "us", "events");
const IEEPA_END = "2026-02-24";

let measures: Measure[] = [];
let files: string[] = [];

beforeAll(async () => {
  const loaded = await loadLedgerFiles(ledgerDir);
  ({ files } = loaded);
  measures = toStackMeasures(loaded);
});

const inWindow = (m: Measure, day: string) => m.window.from <= day && (m.window.to === undefined || day < m.window.to);
const coversOrigin = (m: Measure, origin: string) =>
  (m.origins.includes(origin) || m.origins.includes("*")) && !(m.exceptOrigins ?? []).includes(origin);

/** Unconditional duties of an authority in force for an origin on a day. */
function dutiesOn(authority: Measure["authority"], origin: string, day: string): Measure[] {
  return measures.filter(
    (m) =>
      m.authority === authority &&
      m.role === "duty" &&
      m.status === "in-force" &&
      !m.conditions?.length &&
      coversOrigin(m, origin) &&
      inWindow(m, day),
  );
}

const byId = (id: string) => {
  const m = measures.find((x) => x.id === id);
  if (!m) throw new Error(`no measure ${id}`);
  return m;
};

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Every date printed on a line: "April 5, 2025" and "7/31/2026" forms. */
function datesOnLine(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/\b([A-Z][a-z]+)\s+(\d{1,2}),\s+(\d{4})\b/g)) {
    const i = MONTHS.indexOf(m[1]!.toLowerCase());
    if (i >= 0) out.push(`${m[3]}-${String(i + 1).padStart(2, "0")}-${m[2]!.padStart(2, "0")}`);
  }
  for (const m of line.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g)) {
    out.push(`${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}`);
  }
  return out;
}

/** The text of a change record named like "2025HTSRev7" (hts-change-records) or "2026HTSRev13" (hts-later). */
function changeRecordText(name: string): string {
  const later = /^2026HTSRev(\d+)$/.exec(name);
  const rel =
    later && Number(later[1]) >= 10
      ? `us/hts-later/${name}/change-record.md`
      : `us/hts-change-records/${name}_change_record.txt`;
  return readFileSync(mirrorFile(rel), "utf8");
}

describe("the curated ledger", () => {
  it("loads every event file", () => {
    const names = files.map((f) => f.split(/[\\/]/).pop());
    expect(names).toEqual(
      expect.arrayContaining([
        "ieepa-fentanyl.yaml",
        "ieepa-reciprocal.yaml",
        "s122.yaml",
        "s201.yaml",
        "s232.yaml",
        "s301.yaml",
        "s301-forced-labor.yaml",
      ]),
    );
    expect(names).not.toContain("ieepa-end.yaml");
    expect(measures.length).toBeGreaterThan(100);
  });

  it("uses only product lists of the registry", async () => {
    const registry = await loadProductListRegistry(join(repoRoot, "ledger", "us", "product-lists.yaml"));
    for (const m of measures) {
      for (const id of [...(m.products.lists ?? []), ...(m.products.except?.lists ?? [])]) {
        expect(registry.has(id), `${m.id} uses ${id}`).toBe(true);
      }
    }
  });

  it("on 2025-04-20 the China reciprocal duty is 125% under 9903.01.63", () => {
    for (const origin of ["CN", "HK", "MO"]) {
      const recip = dutiesOn("ieepa-reciprocal", origin, "2025-04-20");
      expect(recip.map((m) => [m.heading, m.rate])).toEqual([["9903.01.63", { addOn: 125 }]]);
    }
  });

  it("the baseline 9903.01.25 excludes China from Apr 9 to May 13, 2025 and covers it again from May 14", () => {
    expect(dutiesOn("ieepa-reciprocal", "CN", "2025-04-09").map((m) => [m.heading, m.rate])).toEqual([
      ["9903.01.63", { addOn: 84 }],
    ]);
    expect(dutiesOn("ieepa-reciprocal", "CN", "2025-04-07").map((m) => m.heading)).toEqual(["9903.01.25"]);
    expect(dutiesOn("ieepa-reciprocal", "CN", "2025-06-01").map((m) => [m.heading, m.rate])).toEqual([
      ["9903.01.25", { addOn: 10 }],
    ]);
    // the printed 34% is suspended, never charged
    const susp = measures.filter((m) => m.heading === "9903.01.63" && m.status === "suspended");
    expect(susp.length).toBeGreaterThan(0);
    expect(susp.every((m) => "addOn" in m.rate && m.rate.addOn === 34)).toBe(true);
  });

  it("9903.01.20 ends on 2025-03-04 and the fentanyl duty is 10% from 2025-11-10", () => {
    expect(byId("ieepa-fentanyl.9903.01.20.cn-hk-10").window).toEqual({ from: "2025-02-04", to: "2025-03-04" });
    expect(dutiesOn("ieepa-fentanyl", "CN", "2025-11-09").map((m) => [m.heading, m.rate])).toEqual([
      ["9903.01.24", { addOn: 20 }],
    ]);
    for (const origin of ["CN", "HK"]) {
      expect(dutiesOn("ieepa-fentanyl", origin, "2025-11-10").map((m) => [m.heading, m.rate])).toEqual([
        ["9903.01.24", { addOn: 10 }],
      ]);
    }
    expect(dutiesOn("ieepa-fentanyl", "MO", "2025-11-10")).toEqual([]);
  });

  it("no IEEPA measure extends past 2026-02-24, and each cites EO 14389 at its end", () => {
    const ieepa = measures.filter((m) => m.authority.startsWith("ieepa"));
    expect(ieepa.length).toBeGreaterThan(10);
    for (const m of ieepa) {
      expect(m.window.to, m.id).toBeDefined();
      expect(m.window.to! <= IEEPA_END, m.id).toBe(true);
      if (m.window.to === IEEPA_END) {
        expect(m.sources.some((src) => "file" in src && src.file.endsWith("eo/14389.txt")), m.id).toBe(true);
        expect(m.notes ?? "", m.id).toContain("EO 14389");
      }
    }
    expect(dutiesOn("ieepa-fentanyl", "CN", IEEPA_END)).toEqual([]);
    expect(dutiesOn("ieepa-reciprocal", "CN", IEEPA_END)).toEqual([]);
    expect(dutiesOn("s122", "CN", IEEPA_END).map((m) => m.heading)).toEqual(["9903.03.01"]);
  });

  it("Section 122 runs 150 days, Feb 24 through Jul 23, 2026", () => {
    const s122 = byId("s122.9903.03.01.all-10");
    expect(s122.window).toEqual({ from: "2026-02-24", to: "2026-07-24" });
    const days = (Date.parse(`${s122.window.to}T00:00:00Z`) - Date.parse(`${s122.window.from}T00:00:00Z`)) / 86_400_000;
    expect(days).toBe(150);
  });

  it("Section 301 exclusions expire after Nov 9, 2026 and the 2018 lists are China-only", () => {
    for (const id of ["s301.9903.88.69.exclusions.to-2026-11-09", "s301.9903.88.70.solar-equipment.to-2026-11-09"]) {
      expect(byId(id).window.to).toBe("2026-11-10");
    }
    for (const m of measures.filter((x) => x.heading.startsWith("9903.88."))) expect(m.origins, m.id).toEqual(["CN"]);
  });

  it("every measure cites an instrument URL and at least one source", () => {
    for (const m of measures) {
      expect(m.instrument.url, m.id).toMatch(/^https:\/\//);
      expect(m.sources.length, m.id).toBeGreaterThan(0);
    }
  });

  it("every uncertain flag and every note is non-trivial", () => {
    for (const m of measures) {
      if (m.uncertain !== undefined) expect(m.uncertain.length, m.id).toBeGreaterThan(20);
    }
  });

  it("a measure citing a change record starts on that record's effective date for the item", () => {
    let checked = 0;
    for (const m of measures) {
      for (const s of m.sources) {
        if (!("changeRecord" in s)) continue;
        checked++;
        if (s.effective !== undefined) expect(s.effective, `${m.id} ${s.changeRecord}`).toBe(m.window.from);
        const escaped = s.item.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const itemRe = new RegExp(`(^|[^0-9.])${escaped}(?![0-9])`);
        const dates = changeRecordText(s.changeRecord)
          .split("\n")
          .filter((line) => itemRe.test(line))
          .flatMap(datesOnLine);
        expect(dates, `${m.id}: ${s.changeRecord} ${s.item}`).toContain(m.window.from);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe("subchapter II (9902) temporary reductions", () => {
  it("are expired per the Chapter 99 compiler's note, so the base is column 1 General", async () => {
    const { readFileSync } = await import("node:fs");
    const { gunzipSync } = await import("node:zlib");
    const { mirrorFile } = await import("../support/mirror.js");
    const text = gunzipSync(readFileSync(mirrorFile("us/hts-notes/chapter99_2026_rev_6.txt.gz"))).toString("latin1");
    const sub2 = text.slice(text.indexOf("SUBCHAPTER II"), text.indexOf("SUBCHAPTER III"));
    expect(sub2).toMatch(/provisions of this subchapter have expired/);
  });
});
