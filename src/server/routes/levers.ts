import type { ServerContext } from "../context.js";
import type { ApiRegistry } from "../http.js";
import { ApiError } from "../errors.js";
import { openScreener } from "../../controls/openScreener.js";
import type { Screener } from "../../controls/screening.js";
import { MAX_NAME_LENGTH } from "../../controls/screening.js";
import { loadControlLedger } from "../../controls/controlLedger.js";
import { controlsReport } from "../../controls/chinaControls.js";
import { readOwnershipFile } from "../../controls/ownership.js";
import { assessAffiliates } from "../../controls/affiliatesRule.js";
import { loadCommitments, phaseOneReport } from "../../commitments/phaseOne.js";
import { soybeanReport } from "../../commitments/soybeanPledge.js";
import { tradeReport } from "../../trade/bilateralFlows.js";
import { findRound, loadTalks } from "../../talks/rounds.js";

/**
 * The levers beyond tariffs: screening, the Affiliates Rule, export controls both ways, purchase commitments, trade
 * flows and the negotiation record. Thin adapters over the same library functions as the CLI; the heavier reports
 * (trade flows read a 3.7 MB file through DuckDB) are computed once per process and kept.
 */

const OBJECT = { type: "object" } as const;
const DAY = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" } as const;

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= make();
    p.catch(() => (p = undefined));
    return p;
  };
}

export function leverRoutes(api: ApiRegistry, ctx: ServerContext): void {
  const screener = once<Screener>(() => openScreener({ cacheDir: ctx.cacheDir }));
  const trade = once(() => tradeReport({ cacheDir: ctx.cacheDir }));
  const commitments = once(async () => {
    const c = loadCommitments();
    return { phaseOne: await phaseOneReport({ cacheDir: ctx.cacheDir, commitments: c }), soybeans: await soybeanReport({ cacheDir: ctx.cacheDir, commitments: c }), events: c.events };
  });

  api.route<{ name: string; country?: string; minScore?: number; limit?: number }>({
    method: "GET",
    url: "/api/screen",
    operationId: "screenName",
    tag: "controls",
    summary: "Screen a name against the Entity List (scored matches with Federal Register notice, start date, licence policy)",
    querystring: {
      type: "object",
      additionalProperties: false,
      required: ["name"],
      properties: {
        name: { type: "string", maxLength: MAX_NAME_LENGTH * 4, description: "The counterparty's name (any script; empty or over 1000 characters is an error)." },
        country: { type: "string", maxLength: 8, description: "ISO-2 country of the counterparty's address." },
        minScore: { type: "number", minimum: 0, maximum: 1, description: "Lowest score listed (default 0.75)." },
        limit: { type: "integer", minimum: 1, maximum: 50, description: "Most matches (default 10)." },
      },
    },
    responses: { 200: { description: "The screening result (same JSON as `tariffscope screen --json`).", schema: OBJECT } },
    errors: [400, 503],
    handler: async (req) => (await screener()).screen(req.query.name, { country: req.query.country, minScore: req.query.minScore, limit: req.query.limit }),
  });

  api.route<{ date: string }, string>({
    method: "POST",
    url: "/api/affiliates",
    operationId: "assessAffiliates",
    tag: "controls",
    summary: "The BIS Affiliates Rule on an ownership file (CSV text: owner,owned,share) for a date",
    querystring: { type: "object", additionalProperties: false, required: ["date"], properties: { date: { ...DAY, description: "The date assessed." } } },
    body: { contentTypes: ["text/plain"], maxBytes: 64 * 1024, description: "The ownership file's CSV text." },
    responses: { 200: { description: "Each firm's aggregate ownership by listed parties and whether the rule reaches it.", schema: OBJECT } },
    errors: [400, 413, 415, 422],
    handler: async (req) => {
      const text = typeof req.body === "string" ? req.body : "";
      if (text.trim() === "") throw new ApiError(400, "EMPTY_BODY", "body: send the ownership CSV (owner,owned,share)", "body");
      const graph = readOwnershipFile("body", text);
      return assessAffiliates(graph, await screener(), loadControlLedger(), req.query.date);
    },
  });

  api.route<{ date?: string; issuer?: "US" | "CN" }>({
    method: "GET",
    url: "/api/controls",
    operationId: "getControls",
    tag: "controls",
    summary: "Export controls both ways on a date, with US import exposure per control and year",
    querystring: {
      type: "object",
      additionalProperties: false,
      properties: { date: { ...DAY, description: "Default: today." }, issuer: { type: "string", enum: ["US", "CN"], description: "One issuer." } },
    },
    responses: { 200: { description: "Same JSON as `tariffscope controls --json`.", schema: OBJECT } },
    handler: async (req) => controlsReport({ cacheDir: ctx.cacheDir, date: req.query.date, issuer: req.query.issuer }),
  });

  api.route({
    method: "GET",
    url: "/api/commitments",
    operationId: "getCommitments",
    tag: "relations",
    summary: "Phase One fulfilment by category, the 2025 soybean pledge, the 2017 items",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    responses: { 200: { description: "Same JSON as `tariffscope commitments --json`.", schema: OBJECT } },
    handler: async () => commitments(),
  });

  api.route({
    method: "GET",
    url: "/api/trade",
    operationId: "getTrade",
    tag: "relations",
    summary: "US–China goods trade by year 2015–2025 and HS section",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    responses: { 200: { description: "Same JSON as `tariffscope trade --json`.", schema: OBJECT } },
    handler: async () => trade(),
  });

  api.route<{ round?: string }>({
    method: "GET",
    url: "/api/talks",
    operationId: "getTalks",
    tag: "relations",
    summary: "The negotiation record, each round with the ledger measures it changed",
    querystring: { type: "object", additionalProperties: false, properties: { round: { type: "string", maxLength: 80, description: "One round: id or a word of its name (geneva, busan)." } } },
    responses: { 200: { description: "All rounds, or one.", schema: OBJECT } },
    errors: [400],
    handler: async (req) => {
      const record = loadTalks();
      return req.query.round !== undefined ? { round: findRound(record, req.query.round), awaiting: record.awaiting } : record;
    },
  });
}
