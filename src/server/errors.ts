import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { DataFileError, InputError, TariffscopeError } from "../common/errors.js";
import { nearestNames } from "../common/editDistance.js";

/** The body of every error answer. */
export interface ApiErrorBody {
  error: {
    /** Stable machine-readable code: a library code ("UNKNOWN_CODE", "MALFORMED_DATE") or an HTTP one ("BAD_PARAMETER"). */
    code: string;
    message: string;
    /** The parameter, field or file at fault, when there is one. */
    field: string | null;
    suggestions: string[];
  };
}

/** An error raised by the server itself (not the library), with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly suggestions: string[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Library input codes that name something that does not exist: 404 rather than 400. */
const NOT_FOUND = new Set([
  "UNKNOWN_CODE",
  "UNKNOWN_HEADING",
  "UNKNOWN_EDITION",
  "UNKNOWN_SCENARIO",
  "UNKNOWN_WEIGHTS",
]);
/** Library codes that mean the data or the ledger cannot answer yet (missing or broken files). */
const NOT_READY = new Set(["MISSING_DATASET", "BAD_LEDGER_FILE", "MISSING_FILE", "MISSING_LIST", "NOT_READY"]);

/** Library codes about a scenario that was read but cannot be used (bad shape, a target no measure matches). */
const UNPROCESSABLE = new Set(["BAD_SCENARIO", "UNPARSEABLE_SCENARIO"]);

/** HTTP status of a library error. */
export function statusOf(err: TariffscopeError): number {
  if (UNPROCESSABLE.has(err.code)) return 422;
  if (err.code === "SCENARIO_TOO_LARGE") return 413;
  if (err instanceof InputError) return NOT_FOUND.has(err.code) ? 404 : 400;
  if (err instanceof DataFileError || NOT_READY.has(err.code)) return 503;
  return 500;
}


/** Up to three names nearest to `given` (for unknown parameters and names). */
export const nearest = nearestNames;

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turn a Fastify schema-validation error into our error body: which parameter, what is wrong, what was meant. */
function validationError(
  err: FastifyError & { validation?: AjvIssue[]; validationContext?: string },
  req: FastifyRequest,
): ApiError {
  // With allErrors, report an unknown parameter first (a misspelt one also makes a required one missing), then a
  // missing one, then the first bad value.
  const rank = (i: AjvIssue): number => (i.keyword === "additionalProperties" ? 0 : i.keyword === "required" ? 1 : 2);
  const issue = [...(err.validation ?? [])].sort((a, b) => rank(a) - rank(b))[0];
  const where = err.validationContext ?? "querystring";
  const schema = (req.routeOptions.schema?.[where as "querystring"] ?? {}) as {
    properties?: Record<string, { enum?: string[]; description?: string }>;
  };
  const known = Object.keys(schema.properties ?? {});
  if (!issue) return new ApiError(400, "BAD_PARAMETER", err.message);
  if (issue.keyword === "additionalProperties") {
    const name = String(issue.params.additionalProperty);
    return new ApiError(
      400,
      "UNKNOWN_PARAMETER",
      `${name}: is not a parameter of ${req.routeOptions.url} (parameters: ${known.join(", ")})`,
      name,
      nearest(name, known),
    );
  }
  if (issue.keyword === "required") {
    const name = String(issue.params.missingProperty);
    return new ApiError(400, "MISSING_PARAMETER", `${name}: is required`, name);
  }
  const field = issue.instancePath.replace(/^\//, "").split("/")[0] || where;
  const allowed = schema.properties?.[field]?.enum;
  const source =
    where === "querystring" ? req.query : where === "body" ? req.body : where === "params" ? req.params : req.headers;
  const given = (source as Record<string, unknown> | undefined)?.[field];
  const shown = JSON.stringify(
    Array.isArray(given) && issue.instancePath.split("/").length > 2
      ? given[Number(issue.instancePath.split("/")[2])]
      : given,
  );
  if (issue.keyword === "format" && issue.params.format === "date") {
    return new ApiError(400, "MALFORMED_DATE", `${field}: ${shown} is not a date (expected YYYY-MM-DD)`, field);
  }
  if (issue.keyword === "pattern") {
    return new ApiError(
      400,
      "BAD_PARAMETER",
      `${field}: ${shown} is not an acceptable value (${schemaDescription(schema, field)})`,
      field,
    );
  }
  if (issue.keyword === "enum" && allowed) {
    return new ApiError(400, "BAD_PARAMETER", `${field}: must be one of ${allowed.join(", ")}`, field, allowed);
  }
  return new ApiError(400, "BAD_PARAMETER", `${field}: ${issue.message ?? "is not valid"}`, field);
}

function schemaDescription(schema: { properties?: Record<string, { description?: string }> }, field: string): string {
  return schema.properties?.[field]?.description?.split(/(?<=\.) /)[0]?.replace(/\.$/, "") ?? "see /api/openapi.json";
}

/** Fastify's own errors that come from the request (body too large, bad content type, …), by Fastify code. */
const FASTIFY_CODES: Record<string, { status: number; code: string; field: string; message: (req: FastifyRequest) => string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "BODY_TOO_LARGE",
    field: "body",
    message: (req) => `body: larger than ${req.routeOptions.bodyLimit ?? "the limit of"} bytes`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    field: "content-type",
    message: (req) =>
      `content-type: ${JSON.stringify(String(req.headers["content-type"] ?? "").slice(0, 80))} is not accepted (send ${ACCEPTED_BODY_TYPES.join(", ")})`,
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "BAD_CONTENT_LENGTH",
    field: "content-length",
    message: () => "content-length: does not match the body",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "EMPTY_BODY", field: "body", message: () => "body: empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "MALFORMED_JSON", field: "body", message: () => "body: not valid JSON" },
};

/** Media types of request bodies the API reads (scenario texts), named in a 415. */
export const ACCEPTED_BODY_TYPES = ["application/yaml", "application/json", "text/plain"];

/** Shape any error as `{ error: { code, message, field, suggestions } }` with its status. */
export function toApiError(err: unknown, req: FastifyRequest): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof TariffscopeError)
    return new ApiError(statusOf(err), err.code, err.message, err.input ?? null, err.suggestions);
  const fe = err as FastifyError & { validation?: AjvIssue[] };
  if (fe?.validation) return validationError(fe, req);
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return new ApiError(known.status, known.code, known.message(req), known.field);
  if (typeof fe?.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError(fe.statusCode, fe.code ?? "BAD_REQUEST", fe.message);
  }
  return new ApiError(500, "INTERNAL", "internal error (see the server log)");
}

export function errorBody(e: ApiError): ApiErrorBody {
  return { error: { code: e.code, message: e.message, field: e.field, suggestions: e.suggestions } };
}

/** The Fastify error handler: log server faults, answer every error in the one shape. */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const e = toApiError(err, req);
  if (e.status >= 500 && e.code === "INTERNAL") req.log.error({ err }, "request failed");
  else if (e.status >= 500) req.log.warn({ code: e.code, message: e.message }, "data not ready");
  reply.removeHeader("etag");
  reply.removeHeader("cache-control");
  return reply.code(e.status).header("cache-control", "no-store").send(errorBody(e));
}

/** 405 for a method a path does not answer: the `Allow` header lists those it does (OPTIONS: 204 with `Allow`). */
export function methodNotAllowed(req: FastifyRequest, reply: FastifyReply, allowed: readonly string[]): FastifyReply {
  const allow = allowed.join(", ");
  if (req.method === "OPTIONS") return reply.code(204).header("allow", allow).header("cache-control", "no-store").send();
  const path = (req.url.split("?")[0] ?? "").slice(0, 120);
  const e = new ApiError(405, "METHOD_NOT_ALLOWED", `${req.method} ${path}: not allowed (allowed: ${allow})`, "method", [
    ...allowed,
  ]);
  return reply.code(405).header("allow", allow).header("cache-control", "no-store").send(errorBody(e));
}
