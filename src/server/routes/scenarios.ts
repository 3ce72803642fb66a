import { createHash } from "node:crypto";
import { parseScenario } from "../../analytics/scenarios.js";
import type { ServerContext } from "../context.js";
import { TariffscopeError } from "../../common/errors.js";
import { ApiError, statusOf } from "../errors.js";
import type { ApiRegistry } from "../http.js";
import { ref } from "../schemas.js";
import { MAX_SCENARIO_BYTES, type ScenarioPreview } from "../scenarioStore.js";

/** Body content types the preview reads as text. */
export const SCENARIO_TYPES = [
  "application/yaml",
  "application/x-yaml",
  "text/yaml",
  "text/x-yaml",
  "text/plain",
  "application/json",
];

/** GET /api/scenarios and POST /api/scenario/preview. */
export function scenarioRoutes(api: ApiRegistry, ctx: ServerContext): void {
  api.route({
    method: "GET",
    url: "/api/scenarios",
    operationId: "listScenarios",
    tag: "scenarios",
    summary: "The shipped scenarios (scenarios/*.yaml)",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    responses: { 200: { description: "The scenarios.", schema: ref("ScenarioList") } },
    handler: async (_req, reply) => {
      reply.header("cache-control", "no-cache");
      return { scenarios: await ctx.scenarios.list() };
    },
  });

  api.route<unknown, string>({
    method: "POST",
    url: "/api/scenario/preview",
    operationId: "previewScenario",
    tag: "scenarios",
    summary: "Read a scenario (YAML or JSON text, at most 64 KB): parsed and validated, never executed",
    description:
      "Answers what the scenario says and a `ref` that /api/average, /api/compare, /api/stack and /api/history take as `scenario=` while the server runs. Unreadable or invalid scenarios are a 422 naming the line.",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    body: { contentTypes: SCENARIO_TYPES, maxBytes: MAX_SCENARIO_BYTES, description: "The scenario file's text." },
    responses: { 200: { description: "The scenario as read.", schema: ref("ScenarioPreview") } },
    errors: [413, 415, 422],
    handler: async (req): Promise<ScenarioPreview> => {
      const text = typeof req.body === "string" ? req.body : "";
      if (text.trim() === "")
        throw new ApiError(400, "EMPTY_BODY", "body: send the scenario's YAML or JSON text", "body");
      const format = /json/.test(String(req.headers["content-type"] ?? "")) ? "json" : "yaml";
      // One parse: syntax, structure (keys, aliases) and the scenario's shape; nothing is applied to the ledger.
      let sc: ReturnType<typeof parseScenario>;
      try {
        sc = parseScenario(text, "body", { format });
      } catch (e) {
        if (e instanceof TariffscopeError) throw new ApiError(statusOf(e), e.code, e.message, "body", e.suggestions);
        throw e;
      }
      const { file: _file, hash: _hash, ...content } = sc;
      return {
        ref: ctx.scenarios.remember(text, sc.name),
        title: sc.name,
        description: sc.description,
        source: sc.source,
        view: sc.view ?? null,
        edits: sc.edits.length,
        format,
        bytes: Buffer.byteLength(text),
        sha256: createHash("sha256").update(text).digest("hex"),
        content,
      };
    },
  });
}
