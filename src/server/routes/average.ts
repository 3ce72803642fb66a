import type { AverageOptions } from "../../analytics/seriesTypes.js";
import type { Scenario } from "../../analytics/scenarios.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import type { ApiRegistry, QuerySchema } from "../http.js";
import { pure, shortHash } from "../http.js";
import { poolAnswer } from "../poolAnswer.js";
import { checkRange, P } from "../params.js";
import { ref } from "../schemas.js";
import { ApiError } from "../errors.js";
import { chinaAverageAnswer, chinaOrigin, issuerParam } from "./china.js";

interface SeriesQuery {
  origin: string;
  from?: string;
  to?: string;
  weights: string;
  view?: string;
  scenario?: string[];
  issuer?: string;
  /** origin=ALL only: days instead of a range. */
  dates?: string;
}

const seriesQuery = (scenarioRequired: boolean): QuerySchema => ({
  type: "object",
  additionalProperties: false,
  ...(scenarioRequired ? { required: ["scenario"] } : {}),
  properties: {
    origin: P.origin,
    from: P.from,
    to: P.to,
    weights: P.weights,
    view: P.view,
    scenario: scenarioRequired ? { ...P.scenario, minItems: 1 } : P.scenario,
  },
});

/**
 * The library's options for a series request (range checked: at most about ten years), the scenarios (read and
 * validated here, applied by the worker: applying them costs the event loop tens of milliseconds) and the version
 * the answer is a pure function of (the ledger's and the scenarios' content).
 */
async function prepare(
  ctx: ServerContext,
  q: SeriesQuery,
): Promise<{ version: string; scenarios: Scenario[]; opts: AverageOptions & { cacheDir: string }; key: string }> {
  const ts = ctx.tariffscope();
  const scenarios = q.scenario?.length ? await ctx.loadScenarios(q.scenario) : [];
  // Scenarios edit measures, never the coverage.
  const cov = ts.ledger.coverage;
  const from = q.from ?? cov.from;
  const to = q.to ?? cov.to;
  checkRange(from, to, cov);
  const opts = { cacheDir: ctx.cacheDir, origin: q.origin, from, to, weights: q.weights, view: q.view };
  const version = scenarios.length
    ? `${ts.ledger.version.slice(0, 8)}${shortHash(scenarios.map((s) => s.hash).join(","), 8)}`
    : ts.ledger.version;
  const key = JSON.stringify([version, q.origin.toUpperCase(), from, to, q.weights, q.view]);
  return { version, scenarios, opts, key };
}

/**
 * GET /api/average?origin=ALL: the all-partner average on days (`dates`) or every day of a range — `ts.averageAll` in
 * a worker (the panel it reads is built there when absent), as the CLI's `average --origin ALL`.
 */
async function allPartnerAnswer(ctx: ServerContext, req: FastifyRequest<{ Querystring: SeriesQuery }>, reply: FastifyReply): Promise<unknown> {
  const q = req.query;
  const ts = ctx.tariffscope();
  if (q.weights !== "census-2024") {
    throw new ApiError(400, "BAD_PARAMETER", "weights: the all-partner average uses census-2024 (every partner's 2024 HS-10 imports)", "weights");
  }
  const dates = q.dates?.split(",");
  if (dates && (q.from !== undefined || q.to !== undefined)) {
    throw new ApiError(400, "BAD_RANGE", "dates: give days or a range (from, to), not both", "dates");
  }
  const scenarios = q.scenario?.length ? await ctx.loadScenarios(q.scenario) : [];
  const version = scenarios.length
    ? `${ts.ledger.version.slice(0, 8)}${shortHash(scenarios.map((s) => s.hash).join(","), 8)}`
    : ts.ledger.version;
  const opts = { ...(dates ? { dates } : { from: q.from, to: q.to }), view: q.view, cacheDir: ctx.cacheDir };
  const key = JSON.stringify([version, q.dates ?? null, q.from ?? null, q.to ?? null, q.view ?? null]);
  return pure(req, reply, version, () =>
    poolAnswer(reply, () => ctx.series.memo(`average-all:${key}`, () => ctx.runSeries({ kind: "average-all", opts, scenarios }))),
  );
}

/** GET /api/average and GET /api/compare: the trade-weighted average series, with and without scenarios. */
export function averageRoutes(api: ApiRegistry, ctx: ServerContext): void {
  api.route<SeriesQuery>({
    method: "GET",
    url: "/api/average",
    operationId: "getAverage",
    tag: "averages",
    summary: "Daily trade-weighted average US tariff on goods of an origin",
    description:
      "One row per day with the total, the contribution of each authority, coverage and flags, and the steps (days the average changes) with the instruments behind them. At most about ten years of days. With `scenario=`, the series under the edited ledger.",
    querystring: {
      ...seriesQuery(false),
      properties: {
        ...seriesQuery(false).properties,
        issuer: issuerParam,
        dates: {
          type: "string",
          maxLength: 11 * 800,
          pattern: "^\\d{4}-\\d{2}-\\d{2}(,\\d{4}-\\d{2}-\\d{2})*$",
          description: "origin=ALL only: comma-separated days, YYYY-MM-DD (instead of a range).",
        },
      },
    } as QuerySchema,
    responses: {
      200: {
        description:
          "The series; with origin=ALL, the all-partner average (AllPartnerAverage: every partner with a 2024 HS-10 import file, each day by authority and by origin; days from `dates` or every day of `from`..`to`, default the all-partner panel's period); with issuer=CN, China's average on US goods as steps (as /api/cn/average; weights piie-2017 unless comtrade-<year> is asked).",
        schema: { oneOf: [ref("AverageSeries"), ref("AllPartnerAverage")] },
      },
    },
    errors: [404, 422, 503],
    handler: async (req, reply) => {
      if (req.query.issuer === "CN") {
        const q = req.query;
        const asked = new URL(req.url, "http://localhost").searchParams.has("weights");
        return chinaAverageAnswer(ctx, req, reply, {
          origin: chinaOrigin(req.url, q.origin),
          from: q.from,
          to: q.to,
          weights: asked ? q.weights : undefined,
        });
      }
      if (req.query.origin.trim().toUpperCase() === "ALL") return allPartnerAnswer(ctx, req, reply);
      if (req.query.dates !== undefined) throw new ApiError(400, "BAD_PARAMETER", "dates: days are for origin=ALL; a series takes from and to", "dates");
      const { version, scenarios, opts, key } = await prepare(ctx, req.query);
      return pure(req, reply, version, () =>
        poolAnswer(reply, () =>
          ctx.series.memo(`average:${key}`, () => ctx.runSeries({ kind: "average", opts, scenarios })),
        ),
      );
    },
  });

  api.route<SeriesQuery>({
    method: "GET",
    url: "/api/compare",
    operationId: "getComparison",
    tag: "averages",
    summary: "Baseline versus scenario: the average series with and without the scenarios, and their difference",
    querystring: seriesQuery(true),
    responses: { 200: { description: "The comparison.", schema: ref("Comparison") } },
    errors: [404, 422, 503],
    handler: async (req, reply) => {
      const { version, scenarios, opts, key } = await prepare(ctx, req.query);
      return pure(req, reply, version, () =>
        poolAnswer(reply, () =>
          ctx.series.memo(`compare:${key}`, () => ctx.runSeries({ kind: "compare", opts, scenarios })),
        ),
      );
    },
  });
}
