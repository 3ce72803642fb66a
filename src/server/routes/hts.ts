import { diffEditions } from "../../schedule/editionDiff.js";
import { showHeading, showLine } from "../../schedule/scheduleLookup.js";
import { EDITIONS, editionById } from "../../schedule/editionRegister.js";
import { TariffscopeError } from "../../common/errors.js";
import type { ServerContext } from "../context.js";
import { ApiError, statusOf } from "../errors.js";
import type { ApiRegistry } from "../http.js";
import { pure } from "../http.js";
import { poolAnswer } from "../poolAnswer.js";
import { LATEST_EDITION } from "../htsResources.js";
import { P } from "../params.js";
import { ref } from "../schemas.js";

/** The canonical id of an edition parameter, errors naming the parameter. */
function editionParam(value: string, field: string): string {
  try {
    return editionById(value).id;
  } catch (e) {
    if (e instanceof TariffscopeError)
      throw new ApiError(statusOf(e), e.code, e.message.replace(/^edition:/, `${field}:`), field, e.suggestions);
    throw e;
  }
}

const code = { ...P.hts, description: "HTS code (2–10 digits, dots optional)." };
const heading = { ...P.hts, description: "Chapter 99 heading: 9903.01.24 or 99030124." };

/** GET /api/hts/*: search, a line, a Chapter 99 heading, the diff of two editions, the list of editions. */
export function htsRoutes(api: ApiRegistry, ctx: ServerContext): void {
  const version = async (): Promise<string> => (await ctx.hts.catalog()).key;

  api.route<{ q: string; limit: number }>({
    method: "GET",
    url: "/api/hts/search",
    operationId: "searchHts",
    tag: "schedule",
    summary: "Find HTS lines by code prefix or by words",
    description:
      'A code prefix (8703, 8703.80) lists the rows under it in code order; words ("electric vehicles", "laptop") are ranked by BM25 over each row\'s readable title, its description and its ancestors\' text, everyday words mapped to the schedule\'s vocabulary, best first. Every hit has a `title` built from the row and its ancestors ("Sweaters, of cotton, men\'s"). Lines discontinued before the latest edition are included (current: false).',
    querystring: {
      type: "object",
      additionalProperties: false,
      required: ["q"],
      properties: {
        q: { type: "string", minLength: 1, maxLength: 100, description: "Code prefix or words." },
        limit: {
          type: "integer",
          minimum: 1,
          maximum: 100,
          default: 30,
          description: "Most hits listed (default 30).",
        },
      },
    },
    responses: { 200: { description: "The hits.", schema: ref("SearchResult") } },
    errors: [503],
    // The index is built and queried by the worker pool (building it takes seconds): the event loop never stalls.
    handler: async (req, reply) =>
      pure(req, reply, await version(), () =>
        poolAnswer(reply, () =>
          ctx.series.memo(`search:${req.query.limit}:${req.query.q}`, () => ctx.runSeries({ kind: "search", q: req.query.q, limit: req.query.limit })),
        ),
      ),
  });

  api.route<{ code: string; edition?: string }>({
    method: "GET",
    url: "/api/hts/line",
    operationId: "getHtsLine",
    tag: "schedule",
    summary: "A line of the schedule in an edition",
    description:
      "Ancestors, legal line, base rate, footnotes and the Chapter 99 headings they point to (`tariffscope hts show`).",
    querystring: {
      type: "object",
      additionalProperties: false,
      required: ["code"],
      properties: { code, edition: P.edition },
    },
    responses: { 200: { description: "The line.", schema: ref("LineReport") } },
    errors: [404, 503],
    handler: async (req, reply) =>
      pure(req, reply, await version(), async () =>
        showLine(await ctx.hts.edition(req.query.edition ?? LATEST_EDITION), req.query.code),
      ),
  });

  api.route<{ code: string; edition?: string }>({
    method: "GET",
    url: "/api/hts/heading",
    operationId: "getHtsHeading",
    tag: "schedule",
    summary: "A Chapter 99 heading as parsed, and its history across editions",
    description:
      "Rate, scope, exceptions, windows, compiler's notes, and each run of editions with the legal effective dates of its change record (`tariffscope hts heading`).",
    querystring: {
      type: "object",
      additionalProperties: false,
      required: ["code"],
      properties: { code: heading, edition: P.edition },
    },
    responses: { 200: { description: "The heading.", schema: ref("HeadingReport") } },
    errors: [404, 503],
    handler: async (req, reply) =>
      pure(req, reply, await version(), async () => {
        const [edition, { catalog }, records] = await Promise.all([
          ctx.hts.edition(req.query.edition ?? LATEST_EDITION),
          ctx.hts.catalog(),
          ctx.hts.changeRecords(),
        ]);
        try {
          return showHeading(catalog, edition, req.query.code, records);
        } catch (e) {
          // The library names the argument "heading"; here it is the `code` parameter.
          if (e instanceof TariffscopeError && e.input === "heading")
            throw new ApiError(statusOf(e), e.code, e.message.replace(/^heading:/, "code:"), "code", e.suggestions);
          throw e;
        }
      }),
  });

  api.route<{ a: string; b: string }>({
    method: "GET",
    url: "/api/hts/diff",
    operationId: "diffHtsEditions",
    tag: "schedule",
    summary: "What changed between two editions, with legal effective dates",
    description:
      "Chapter 99 headings added, removed and changed; HTS-10 lines established and discontinued; base-rate changes; each with the legal dates the change records give (`tariffscope hts diff`).",
    querystring: {
      type: "object",
      additionalProperties: false,
      required: ["a", "b"],
      properties: {
        a: { ...P.edition, description: "Older edition." },
        b: { ...P.edition, description: "Newer edition." },
      },
    },
    responses: { 200: { description: "The diff.", schema: ref("EditionDiff") } },
    errors: [404, 503],
    handler: async (req, reply) => {
      const a = editionParam(req.query.a, "a");
      const b = editionParam(req.query.b, "b");
      return pure(req, reply, await version(), () =>
        ctx.hts.diffs.memo(`${a}:${b}`, async () => {
          const [{ catalog }, records] = await Promise.all([ctx.hts.catalog(), ctx.hts.changeRecords()]);
          return diffEditions(catalog, a, b, records);
        }),
      );
    },
  });

  api.route({
    method: "GET",
    url: "/api/hts/editions",
    operationId: "listHtsEditions",
    tag: "schedule",
    summary: "The stored HTS editions, oldest first",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    responses: { 200: { description: "The editions.", schema: ref("Editions") } },
    handler: async () => ({
      latest: LATEST_EDITION,
      editions: EDITIONS.map((e) => ({ id: e.id, label: e.label, year: e.year, revision: e.revision })),
    }),
  });
}
