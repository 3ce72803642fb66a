import { listWeightSets } from "../../analytics/weights.js";
import { createHash } from "node:crypto";
import { dataStatus, type StatusReport } from "../../data/status.js";
import { EDITIONS } from "../../schedule/editionRegister.js";
import type { ServerContext } from "../context.js";
import type { StatusBody } from "../apiTypes.js";
import type { ApiRegistry } from "../http.js";
import { ref } from "../schemas.js";
import { ENTRY_FACTS } from "../../engine/entryFacts.js";
import { originChoices } from "../../analytics/originChoices.js";

const STATUS_TTL_MS = 30_000;

/** Most datasets listed by name in the status (the counts cover all). */
const MAX_PROBLEMS_LISTED = 20;

type DatasetProblem = StatusBody["data"]["problems"][number];

/** Datasets the cache lacks or holds with the wrong checksum (a sync that did not complete, a damaged file). */
function datasetProblems(r: StatusReport): DatasetProblem[] {
  return r.entries
    .filter((e) => !e.present || e.checksum === "mismatch")
    .map((e) => ({
      path: e.path,
      group: e.group,
      state: e.present ? ("corrupt" as const) : ("absent" as const),
      official: e.official,
      feeds: e.feeds,
    }));
}

/** One sentence naming what is wrong with the data, or null when nothing is. */
function problemsMessage(problems: DatasetProblem[]): string | null {
  if (problems.length === 0) return null;
  const part = (state: DatasetProblem["state"], what: string): string | undefined => {
    const hit = problems.filter((p) => p.state === state);
    if (hit.length === 0) return undefined;
    const names = hit.slice(0, 3).map((p) => p.path).join(", ");
    return `${hit.length} dataset${hit.length > 1 ? "s" : ""} ${what} (${names}${hit.length > 3 ? ", …" : ""})`;
  };
  const parts = [part("absent", "missing from the data cache"), part("corrupt", "corrupt (wrong checksum)")].filter(Boolean);
  const noRecipe = problems.filter((p) => p.state === "absent" && p.official === "none");
  // Datasets no publisher serves in a form a recipe can use are only found in a mirror folder: say so, not "sync".
  const mirrorOnly =
    noRecipe.length > 0
      ? `; ${noRecipe.length} of them have no official source a recipe can fetch (official: none) and come only from a mirror folder (\`tariffscope data sync --mirror <folder>\`)`
      : "";
  return `${parts.join("; ")}: the data sync did not complete${mirrorOnly}; run \`tariffscope data sync\` and restart the server`;
}

/** GET /api/status: what data the cache holds, the ledger's version and coverage, whether averages are available. */
export function statusRoutes(api: ApiRegistry, ctx: ServerContext): void {
  let last: { at: number; report: Promise<StatusReport> } | undefined;
  const report = (): Promise<StatusReport> => {
    if (!last || Date.now() - last.at > STATUS_TTL_MS) {
      const p = dataStatus({ cacheDir: ctx.cacheDir });
      last = { at: Date.now(), report: p };
      p.catch(() => (last = undefined));
    }
    return last.report;
  };
  // Checked as the server starts, so the first status request finds the report ready.
  void report().catch(() => undefined);

  api.route({
    method: "GET",
    url: "/api/status",
    operationId: "getStatus",
    tag: "service",
    summary: "Data present, ledger version, coverage dates, source checksums summary",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    responses: { 200: { description: "The status.", schema: ref("Status") } },
    handler: async (_req, reply): Promise<StatusBody> => {
      // The data part never fails the answer: a cache that cannot be read is reported as such.
      let r: StatusReport;
      let unreadable: string | null = null;
      try {
        r = await report();
      } catch (err) {
        unreadable = `the data cache cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
        r = {
          cacheDir: ctx.cacheDir,
          entries: [],
          counts: { total: 0, present: 0, absent: 0, ok: 0, mismatch: 0, unknown: 0 },
          official: { recipe: 0, none: 0, byRecipe: {} },
        };
      }
      const groups = new Map<string, { group: string; total: number; present: number; ok: number }>();
      for (const e of r.entries) {
        const g = groups.get(e.group) ?? { group: e.group, total: 0, present: 0, ok: 0 };
        g.total++;
        if (e.present) g.present++;
        if (e.present && e.checksum === "ok") g.ok++;
        groups.set(e.group, g);
      }
      const problems = datasetProblems(r);
      const combined = createHash("sha256")
        .update(
          r.entries
            .map((e) => `${e.path} ${e.actual ?? "-"}`)
            .sort()
            .join("\n"),
        )
        .digest("hex");
      const s = ctx.ledger;
      const ts = s.state === "ready" ? s.ts : undefined;
      reply.header("cache-control", "no-store");
      return {
        ok: unreadable === null && r.counts.absent === 0 && r.counts.mismatch === 0 && s.state === "ready",
        data: {
          present: r.counts.present > 0 && r.counts.absent === 0,
          error: unreadable ?? problemsMessage(problems),
          problems: problems.slice(0, MAX_PROBLEMS_LISTED),
          counts: r.counts,
          groups: [...groups.values()],
          checksums: { algorithm: "sha256" as const, combined, datasets: r.entries.length },
          official: r.official,
        },
        ledger: {
          state: s.state,
          version: ts?.ledger.version ?? null,
          coverage: ts ? ts.ledger.coverage : null,
          reviewedThrough: ts?.ledger.reviewedThrough ?? null,
          measures: ts?.ledger.measures.length ?? null,
          views: ts?.ledger.views.map((v) => v.id) ?? [],
          defaultView: ts?.ledger.views.find((v) => v.default)?.id ?? null,
          viewChoices: ts?.ledger.views.map((v) => ({ id: v.id, label: v.label, description: v.description })) ?? [],
          issuer: ts?.ledger.issuer ?? null,
          authorities: ts?.ledger.authorities.map((a) => ({ id: a.id, label: a.label, colour: a.colour })) ?? [],
          origins: ts?.ledger.origins.full ?? [],
          originChoices: ts ? originChoices(ts.ledger) : [],
          fromCache: ts?.fromCache ?? null,
          error: s.state === "failed" ? String((s.error as Error)?.message ?? s.error) : null,
        },
        editions: { count: EDITIONS.length, first: EDITIONS[0]!.id, last: EDITIONS[EDITIONS.length - 1]!.id },
        entryFacts: Object.entries(ENTRY_FACTS).map(([key, f]) => ({ key, ...f })),
        weightSets: listWeightSets().map((w) => ({ name: w.name, label: w.label ?? w.name, year: w.year, description: w.description })),
        server: { startedAt: new Date(ctx.startedAt).toISOString(), node: process.version },
      };
    },
  });
}
