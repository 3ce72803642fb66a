import { openChinaTariffs, type ChinaTariffs } from "../../cnSession.js";
import type { ServerContext } from "../context.js";
import type { ApiRegistry, QuerySchema } from "../http.js";
import { pure } from "../http.js";
import { poolAnswer } from "../poolAnswer.js";
import { P } from "../params.js";

/**
 * China as issuer over HTTP: GET /api/cn/stack, /api/cn/history, /api/cn/average answer China's tariffs on goods of
 * US origin from the China session (`openChinaTariffs`, opened on first use beside the US session). The JSON is the
 * library's (`ChinaTariffs.stack/history/average`), as `tariffscope stack|history|average --issuer CN --json` prints.
 */

interface CnQuery {
  hts: string;
  origin: string;
  date: string;
  from?: string;
  to?: string;
  weights?: string;
}

const cnOrigin = {
  ...P.origin,
  default: "US",
  description: "Origin of the goods entering China: the China ledger covers US. Default US.",
};
const cnHts = {
  type: "string",
  minLength: 4,
  maxLength: 16,
  pattern: "^[0-9][0-9. ]*[ABab]?$",
  description:
    "China's tariff code, 4 to 10 digits, dots optional (1201.90, 12019010, 8521101100A): every line it names.",
};
const cnWeights = {
  type: "string",
  pattern: "^(piie-2017|comtrade-20[0-9]{2})$",
  default: "piie-2017",
  description:
    "piie-2017 (China's 2017 imports from the US by HS-8, PIIE workbook) or comtrade-<year> (US exports to China by HS-6, 2015-2025).",
};
const query = (required: string[], props: Record<string, unknown>): QuerySchema =>
  ({ type: "object", additionalProperties: false, required, properties: props }) as QuerySchema;
const answer = (description: string): { description: string; schema: Record<string, unknown> } => ({
  description,
  schema: { type: "object" },
});

const sessions = new WeakMap<ServerContext, Promise<ChinaTariffs>>();

/** The server's China session, opened on first use (a failed open is retried on the next request, not kept). */
export function chinaSession(ctx: ServerContext): Promise<ChinaTariffs> {
  let s = sessions.get(ctx);
  if (!s) {
    s = openChinaTariffs({ cacheDir: ctx.cacheDir });
    sessions.set(ctx, s);
    s.catch(() => sessions.delete(ctx));
  }
  return s;
}

/** The `issuer` parameter of /api/stack, /api/history and /api/average: US (default) or CN. */
export const issuerParam = {
  type: "string",
  enum: ["US", "CN"],
  default: "US",
  description:
    "Whose tariffs: US (default: US duties on goods of the origin) or CN (China's duties on goods of US origin; the answer is /api/cn/…'s).",
};

/** The origin for a China-side answer: the one asked for, or US when the request names none (the US default is CN). */
export function chinaOrigin(url: string, origin: string | undefined): string {
  return new URL(url, "http://localhost").searchParams.has("origin") ? (origin ?? "US") : "US";
}

export function chinaRoutes(api: ApiRegistry, ctx: ServerContext): void {
  const cn = (): Promise<ChinaTariffs> => chinaSession(ctx);

  api.route<CnQuery>({
    method: "GET",
    url: "/api/cn/stack",
    operationId: "getChinaStack",
    tag: "products",
    summary: "China's duties on a US product entering China on a date (issuer CN)",
    description:
      "China's MFN rate and each retaliation layer (in force or suspended) with its Tariff Commission announcement, the total, uncertain facts and notes; lines grouped by identical stacks.",
    querystring: query(["hts", "date"], { hts: cnHts, origin: cnOrigin, date: P.date }),
    responses: { 200: answer("China's stack (CnStackResult).") },
    errors: [404, 503],
    handler: async (req, reply) => {
      const s = await cn();
      const q = req.query;
      return pure(req, reply, s.ledger.version, () => s.stack({ hts: q.hts, origin: q.origin, date: q.date }));
    },
  });

  api.route<CnQuery>({
    method: "GET",
    url: "/api/cn/history",
    operationId: "getChinaHistory",
    tag: "products",
    summary: "The step timeline of China's duties on a US product (issuer CN)",
    querystring: query(["hts"], { hts: cnHts, origin: cnOrigin, from: P.from, to: P.to }),
    responses: { 200: answer("China's history (CnHistoryResult).") },
    errors: [404, 503],
    handler: async (req, reply) => {
      const s = await cn();
      const q = req.query;
      return pure(req, reply, s.ledger.version, () =>
        s.history({ hts: q.hts, origin: q.origin, from: q.from, to: q.to }),
      );
    },
  });

  api.route<CnQuery>({
    method: "GET",
    url: "/api/cn/average",
    operationId: "getChinaAverage",
    tag: "averages",
    summary: "China's trade-weighted average tariff on US goods, as steps (issuer CN)",
    description:
      "One step per day a measure of the China ledger starts or ends: total, MFN and each retaliation authority (they add up), simple average, weight share of uncertain lines, the measures that changed it.",
    querystring: query([], { origin: cnOrigin, from: P.from, to: P.to, weights: cnWeights }),
    responses: { 200: answer("China's average series (CnAverageSeries).") },
    errors: [404, 503],
    handler: async (req, reply) => {
      const q = req.query;
      return chinaAverageAnswer(ctx, req, reply, { origin: q.origin, from: q.from, to: q.to, weights: q.weights });
    },
  });
}

/**
 * China's average series off the event loop: a `cn-average` job on the series pool (memoized by its options), under the
 * China ledger's version as ETag. The China session is opened here first, so a refusal to open is the route's 503.
 */
export async function chinaAverageAnswer(
  ctx: ServerContext,
  req: Parameters<typeof pure>[0],
  reply: Parameters<typeof pure>[1],
  opts: { origin: string; from?: string | undefined; to?: string | undefined; weights?: string | undefined },
): Promise<unknown> {
  const s = await chinaSession(ctx);
  const key = `cn-average:${s.ledger.version}:${opts.origin}:${opts.from ?? ""}:${opts.to ?? ""}:${opts.weights ?? ""}`;
  return pure(req, reply, s.ledger.version, () =>
    poolAnswer(reply, () =>
      ctx.series.memo(key, () => ctx.runSeries({ kind: "cn-average", opts: { ...opts, cacheDir: ctx.cacheDir } })),
    ),
  );
}
