import type { ApiRegistry, JsonSchema } from "./http.js";
import { COMPONENT_SCHEMAS, ref } from "./schemas.js";

const ERROR_TEXT: Record<number, string> = {
  400: "Bad input: an unknown or malformed parameter, a bad date, a range too long. `field` names the parameter.",
  404: "Unknown code, heading, edition or scenario; `suggestions` lists the nearest valid ones.",
  413: "Body too large.",
  415: "Unsupported body content type.",
  422: "The body could not be read as a scenario.",
  500: "Server fault.",
  503: "Data or ledger not ready (still compiling, or files missing).",
};

/** Convert a JSON Schema path to an OpenAPI path ("/api/x/:id" → "/api/x/{id}"). */
const oasPath = (url: string): string => url.replace(/:([A-Za-z_]+)/g, "{$1}");

/** The OpenAPI 3.1 document, generated from the registered routes and the component schemas. */
export function openApiDocument(api: ApiRegistry, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of api.routes) {
    const parameters = Object.entries(r.querystring?.properties ?? {}).map(([name, schema]) => {
      const { description, ...rest } = schema as JsonSchema & { description: string };
      const isArray = rest.type === "array";
      return {
        name,
        in: "query",
        required: r.querystring?.required?.includes(name) ?? false,
        description,
        schema: rest,
        ...(isArray ? { style: "form", explode: true } : {}),
      };
    });
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = {
        description: res.description,
        ...(r.method === "GET" && r.url !== "/api/status"
          ? { headers: { ETag: { description: "Ledger or data version + URL hash.", schema: { type: "string" } } } }
          : {}),
        ...(res.schema ? { content: { "application/json": { schema: res.schema } } } : {}),
      };
    }
    if (r.method === "GET") responses["304"] = { description: "Not modified (If-None-Match matched the ETag)." };
    for (const status of [400, ...(r.errors ?? []), 500]) {
      responses[String(status)] = {
        description: ERROR_TEXT[status] ?? "Error.",
        content: { "application/json": { schema: ref("Error") } },
      };
    }
    const op: Record<string, unknown> = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              description: `${r.body.description} At most ${r.body.maxBytes} bytes.`,
              content: Object.fromEntries(
                r.body.contentTypes.map((t) => [t, { schema: { type: "string", maxLength: r.body!.maxBytes } }]),
              ),
            },
          }
        : {}),
      responses,
    };
    (paths[oasPath(r.url)] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "tariffscope API",
      version,
      summary:
        "US duty stacks on goods of China (and other origins) by HTS line and date, their history, and trade-weighted averages.",
      description:
        "Every answer comes from the compiled ledger of legal measures. Responses that depend only on the ledger (or the HTS data) carry an ETag (ledger version + URL hash) and answer 304 to If-None-Match. Errors are `{ error: { code, message, field, suggestions } }`. Unknown query parameters are an error (400).",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "products", description: "Duty stacks and histories of one product." },
      { name: "averages", description: "Trade-weighted average series and scenario comparisons." },
      { name: "schedule", description: "The Harmonized Tariff Schedule editions." },
      { name: "scenarios", description: "Scenarios: edits to the ledger." },
      { name: "service", description: "Data and ledger status, this document." },
    ],
    paths,
    components: { schemas: COMPONENT_SCHEMAS },
  };
}
