import { refuseSpecialCode } from "../../schedule/specialChapters.js";
import type { ServerContext } from "../context.js";
import type { ApiRegistry } from "../http.js";
import { pure } from "../http.js";
import { checkRange, factsOf, P } from "../params.js";
import { ref } from "../schemas.js";
import { stackJson } from "../../engine/stackJson.js";
import { chinaOrigin, chinaSession, issuerParam } from "./china.js";

interface StackQuery {
  hts: string;
  origin: string;
  date: string;
  value?: number;
  view?: string;
  fact?: string[];
  scenario?: string[];
  issuer?: string;
}

interface HistoryQuery {
  hts: string;
  origin: string;
  from?: string;
  to?: string;
  view?: string;
  fact?: string[];
  scenario?: string[];
  issuer?: string;
}

/** GET /api/stack and GET /api/history: one product's duty stack on a day, and its step timeline. */
export function stackRoutes(api: ApiRegistry, ctx: ServerContext): void {
  api.route<StackQuery>({
    method: "GET",
    url: "/api/stack",
    operationId: "getStack",
    tag: "products",
    summary: "Every US duty on a product of an origin entered on a date",
    description:
      "Heading, authority, rate, value base, amount, instrument and status of each line, the total, and the flags (uncertain, needsFacts, coverage, announced). The same JSON as `tariffscope stack --json`. With `scenario=`, the answer under the edited ledger.",
    querystring: {
      type: "object",
      additionalProperties: false,
      required: ["hts", "date"],
      properties: {
        hts: P.hts,
        origin: P.origin,
        date: P.date,
        value: P.value,
        view: P.view,
        fact: P.fact,
        scenario: P.scenario,
        issuer: issuerParam,
      },
    },
    responses: {
      200: { description: "The stack (or one stack per group of statistical lines); with issuer=CN, China's stack (as /api/cn/stack).", schema: ref("StackAnswer") },
    },
    errors: [404, 503],
    handler: async (req, reply) => {
      const q = req.query;
      if (q.issuer === "CN") {
        const cn = await chinaSession(ctx);
        return pure(req, reply, cn.ledger.version, () => cn.stack({ hts: q.hts, origin: chinaOrigin(req.url, q.origin), date: q.date }));
      }
      refuseSpecialCode(q.hts);
      const e = await ctx.engine(q.scenario);
      return pure(req, reply, e.ledger.version, () =>
        stackJson(
          e.stack({
            hts: q.hts,
            origin: q.origin,
            date: q.date,
            facts: factsOf(q),
            view: q.view,
          }),
        ),
      );
    },
  });

  api.route<HistoryQuery>({
    method: "GET",
    url: "/api/history",
    operationId: "getHistory",
    tag: "products",
    summary: "The step timeline of a product's duties",
    description:
      "Each interval of constant stack with its total, the contribution of each authority and the layers that changed. The same JSON as `tariffscope history --json`.",
    querystring: {
      type: "object",
      additionalProperties: false,
      required: ["hts"],
      properties: {
        hts: P.hts,
        origin: P.origin,
        from: P.from,
        to: P.to,
        view: P.view,
        fact: P.fact,
        scenario: P.scenario,
        issuer: issuerParam,
      },
    },
    responses: { 200: { description: "The history; with issuer=CN, China's (as /api/cn/history).", schema: ref("History") } },
    errors: [404, 503],
    handler: async (req, reply) => {
      const q = req.query;
      if (q.issuer === "CN") {
        const cn = await chinaSession(ctx);
        return pure(req, reply, cn.ledger.version, () => cn.history({ hts: q.hts, origin: chinaOrigin(req.url, q.origin), from: q.from, to: q.to }));
      }
      refuseSpecialCode(q.hts);
      const e = await ctx.engine(q.scenario);
      const cov = e.ledger.coverage;
      checkRange(q.from ?? cov.from, q.to ?? cov.to, cov);
      return pure(req, reply, e.ledger.version, () =>
        e.history({
          hts: q.hts,
          origin: q.origin,
          from: q.from,
          to: q.to,
          facts: factsOf(q),
          view: q.view,
        }),
      );
    },
  });
}
