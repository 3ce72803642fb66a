import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseValidatedYaml } from "../common/yamlSource.js";
import { ensureData, sourcePath } from "../data/locate.js";
import { LEDGER_ROOT } from "../ledger/compileLedger.js";
import {
  PHASE_ONE_GOALS_CSV,
  PHASE_ONE_GOALS_PARQUET,
  PHASE_ONE_MONTHLY,
  readPhaseOneGoalsCsv,
  readPhaseOneGoalsParquet,
  readPhaseOneMonthlyTotals,
} from "../sources/phaseOneTracker.js";

/**
 * Phase One purchase commitments (`ledger/relations/commitments.yaml`, Annex 6.1) against US exports to China.
 *
 * Method (the tracker's, reproduced): a category's target for a year = its 2017 US exports to China (the baseline,
 * summed from the monthly HS-6 file over the tracker's HS-4 → category mapping) + the Annex 6.1 increment for that
 * year; fulfilment = actual exports / target. 2020 actuals are summed from the monthly file (it ends in Dec 2020);
 * 2021 actuals come from the tracker's goals table (its '2021 Values' row), the only 2021 source in the mirror. The
 * combined 2020–21 share is (actual 2020 + actual 2021) / (target 2020 + target 2021). Every figure names its file;
 * where the tracker's own tables disagree with the sums, the disagreement is reported.
 */

const sourceSchema = z.object({ file: z.string().optional(), url: z.string().url().optional(), where: z.string() }).strict();
const commitmentsSchema = z
  .object({
    phaseOne: z
      .object({
        agreement: z.string(),
        signed: z.string(),
        inForce: z.string(),
        baselineYear: z.number().int(),
        categories: z.array(
          z.object({ id: z.string(), label: z.string(), tracker: z.string().nullable(), increase: z.record(z.string().regex(/^\d{4}$/), z.number().positive()) }).strict(),
        ),
        sources: z.array(sourceSchema),
        uncertain: z.string().optional(),
      })
      .strict(),
    soybeanPledge: z
      .object({
        announced: z.string(),
        by: z.string(),
        product: z.object({ hs6: z.string().regex(/^\d{6}$/), label: z.string() }).strict(),
        items: z.array(
          z.object({ id: z.string(), period: z.object({ from: z.string(), to: z.string() }).strict(), metricTons: z.number().positive(), what: z.string() }).strict(),
        ),
        sources: z.array(sourceSchema),
        uncertain: z.string().optional(),
      })
      .strict(),
    events: z.array(
      z.object({ id: z.string(), date: z.string(), title: z.string(), issuer: z.enum(["US", "CN"]), round: z.string().optional(), sources: z.array(sourceSchema), uncertain: z.string().optional() }).strict(),
    ),
  })
  .strict();
export type Commitments = z.infer<typeof commitmentsSchema>;

export function loadCommitments(root: string = LEDGER_ROOT): Commitments {
  const file = join(root, "relations", "commitments.yaml");
  return parseValidatedYaml(file, readFileSync(file, "utf8"), commitmentsSchema, "BAD_COMMITMENTS");
}

export interface CategoryFulfilment {
  id: string;
  label: string;
  baseline2017: number | null;
  increase: Record<string, number>;
  target: Record<string, number | null>;
  actual: Record<string, number | null>;
  fulfilment: Record<string, number | null>;
  /** (actual 2020 + 2021) / (target 2020 + 2021). */
  fulfilment2020to2021: number | null;
  /** The tracker's own published shares: its 'Values' row over its 'Goals' row (commitments/phase-one-goals.parquet). */
  trackerPublished: Record<string, number | null>;
  sources: Record<string, string>;
  notes: string[];
}

export interface PhaseOneReport {
  agreement: string;
  signed: string;
  method: string;
  categories: CategoryFulfilment[];
  goodsTotal: CategoryFulfilment;
  files: string[];
  uncertain: string | null;
}

const pct = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 10000) / 100);

export async function phaseOneReport(options: { cacheDir?: string | undefined; commitments?: Commitments } = {}): Promise<PhaseOneReport> {
  const c = (options.commitments ?? loadCommitments()).phaseOne;
  await ensureData("commitments", { cacheDir: options.cacheDir });
  const at = (p: string): string => sourcePath(p, { cacheDir: options.cacheDir });
  const monthly = await readPhaseOneMonthlyTotals(at(PHASE_ONE_MONTHLY));
  const tracker = await readPhaseOneGoalsParquet(at(PHASE_ONE_GOALS_PARQUET));
  const goalsCsv = readPhaseOneGoalsCsv(at(PHASE_ONE_GOALS_CSV));
  const sum = (year: number, cat: string): number | null => {
    const r = monthly.find((m) => m.year === year && m.category === cat);
    return r ? r.usd : null;
  };
  const publishedShares = (col: string): Record<string, number | null> => ({
    "2020": pct(tracker.get("2020 Values")?.[col] ?? null, tracker.get("2020 Goals")?.[col] ?? null),
    "2021": pct(tracker.get("2021 Values")?.[col] ?? null, tracker.get("2021 Goals")?.[col] ?? null),
  });
  const categories = c.categories.map((cat): CategoryFulfilment => {
    const notes: string[] = [];
    if (!cat.tracker) {
      notes.push("no services trade data in the mirror: not measured");
      return { id: cat.id, label: cat.label, baseline2017: null, increase: cat.increase, target: { "2020": null, "2021": null }, actual: { "2020": null, "2021": null }, fulfilment: { "2020": null, "2021": null }, fulfilment2020to2021: null, trackerPublished: { "2020": null, "2021": null }, sources: {}, notes };
    }
    const base = sum(c.baselineYear, cat.tracker);
    const t20 = base === null ? null : base + (cat.increase["2020"] ?? 0);
    const t21 = base === null ? null : base + (cat.increase["2021"] ?? 0);
    const a20 = sum(2020, cat.tracker);
    const a21 = tracker.get("2021 Values")?.[cat.tracker] ?? null;
    for (const [label, mine] of [["2020 Goals", t20], ["2021 Goals", t21]] as const) {
      const theirs = tracker.get(label)?.[cat.tracker];
      if (theirs != null && mine !== null && Math.abs(theirs - mine) > 1) notes.push(`${label}: tracker table ${theirs}, computed ${mine}`);
    }
    const t2020 = tracker.get("2020 Values")?.[cat.tracker];
    if (t2020 != null && a20 !== null && Math.abs(t2020 - a20) > 1e6) {
      notes.push(`2020 exports: the monthly HS-6 file sums to ${Math.round(a20)}, the tracker's Parquet goals table says ${Math.round(t2020)} (${PHASE_ONE_GOALS_PARQUET})`);
    }
    const csvRow = goalsCsv.find((g) => g.category.toLowerCase().includes(cat.label.toLowerCase().split(" ")[0]!));
    if (csvRow && a20 !== null && Math.abs(csvRow.values2020 - a20) > 1e6) {
      notes.push(`2020 exports: ${PHASE_ONE_GOALS_CSV} line ${csvRow.line} says ${Math.round(csvRow.values2020)}`);
    }
    if (csvRow?.goal2020Increase != null && csvRow.goal2020Increase !== cat.increase["2020"]) {
      notes.push(`2020 increment: ${PHASE_ONE_GOALS_CSV} says ${csvRow.goal2020Increase}`);
    }
    const both = a20 !== null && a21 !== null && t20 !== null && t21 !== null ? pct(a20 + a21, t20 + t21) : null;
    return {
      id: cat.id,
      label: cat.label,
      baseline2017: base,
      increase: cat.increase,
      target: { "2020": t20, "2021": t21 },
      actual: { "2020": a20, "2021": a21 },
      fulfilment: { "2020": pct(a20, t20), "2021": pct(a21, t21) },
      fulfilment2020to2021: both,
      trackerPublished: publishedShares(cat.tracker),
      sources: {
        baseline2017: `${PHASE_ONE_MONTHLY} (sum of 2017 months, ${cat.tracker})`,
        actual2020: `${PHASE_ONE_MONTHLY} (sum of 2020 months, ${cat.tracker})`,
        actual2021: `${PHASE_ONE_GOALS_PARQUET} (row '2021 Values', ${cat.tracker})`,
        increase: "ledger/relations/commitments.yaml (Annex 6.1)",
      },
      notes,
    };
  });
  const goods = categories.filter((x) => x.baseline2017 !== null);
  const add = (f: (x: CategoryFulfilment) => number | null): number | null =>
    goods.some((g) => f(g) === null) ? null : goods.reduce((s, g) => s + f(g)!, 0);
  const total: CategoryFulfilment = {
    id: "goods-total",
    label: "All goods categories",
    baseline2017: add((g) => g.baseline2017),
    increase: { "2020": add((g) => g.increase["2020"] ?? 0)!, "2021": add((g) => g.increase["2021"] ?? 0)! },
    target: { "2020": add((g) => g.target["2020"] ?? null), "2021": add((g) => g.target["2021"] ?? null) },
    actual: { "2020": add((g) => g.actual["2020"] ?? null), "2021": add((g) => g.actual["2021"] ?? null) },
    fulfilment: { "2020": null, "2021": null },
    fulfilment2020to2021: null,
    trackerPublished: publishedShares("All Phase One Products"),
    sources: { all: "sum of the goods categories" },
    notes: ["services excluded (not in the mirror)"],
  };
  total.fulfilment = { "2020": pct(total.actual["2020"]!, total.target["2020"]!), "2021": pct(total.actual["2021"]!, total.target["2021"]!) };
  total.fulfilment2020to2021 = pct(total.actual["2020"]! + total.actual["2021"]!, total.target["2020"]! + total.target["2021"]!);
  return {
    agreement: c.agreement,
    signed: c.signed,
    method:
      "target = 2017 US exports to China of the category (tracker's HS-4 mapping, Census) + the Annex 6.1 increment; fulfilment = actual / target; 2020-21 = (actual 2020 + 2021) / (target 2020 + 2021). 2020 actuals summed from the monthly HS-6 file; 2021 actuals from the tracker's table. trackerPublished: the tracker's own shares, its 'Values' row over its 'Goals' row, which differ from the recomputed 2020 shares where its 2020 values differ from the monthly sums (energy).",
    categories,
    goodsTotal: total,
    files: [PHASE_ONE_MONTHLY, PHASE_ONE_GOALS_PARQUET, PHASE_ONE_GOALS_CSV],
    uncertain: c.uncertain ?? null,
  };
}
