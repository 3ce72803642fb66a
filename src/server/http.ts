import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = Record<string, unknown>;

/** A query-string schema: an object of named parameters, no others allowed. */
export interface QuerySchema {
  type: "object";
  additionalProperties: false;
  required?: string[];
  properties: Record<string, JsonSchema & { description: string }>;
}

export interface RouteSpec<Q = unknown, B = unknown> {
  method: "GET" | "POST";
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  querystring?: QuerySchema;
  /** Request body: content types accepted (as raw text) and the size limit. */
  body?: { contentTypes: string[]; maxBytes: number; description: string };
  /** Success responses by status: a description and the schema (usually a `$ref` to a component). */
  responses: Record<number, { description: string; schema?: JsonSchema; headers?: Record<string, JsonSchema> }>;
  /** Error statuses this route can answer, besides 400 and 500 (e.g. 404, 413, 422, 503). */
  errors?: number[];
  handler: (req: FastifyRequest<{ Querystring: Q; Body: B }>, reply: FastifyReply) => Promise<unknown>;
}

/** The API's routes as registered: Fastify serves them, the OpenAPI document is generated from the same specs. */
export class ApiRegistry {
  readonly routes: RouteSpec[] = [];

  constructor(private readonly app: FastifyInstance) {}

  route<Q, B = unknown>(spec: RouteSpec<Q, B>): void {
    this.routes.push(spec as unknown as RouteSpec);
    this.app.route({
      method: spec.method,
      url: spec.url,
      schema: { ...(spec.querystring ? { querystring: spec.querystring } : {}) },
      ...(spec.body ? { bodyLimit: spec.body.maxBytes } : {}),
      handler: spec.handler as never,
    });
  }

  /**
   * The methods a path of the API answers (a GET route also answers HEAD), for the 405 of a wrong method; empty when
   * the path is no endpoint. Trailing slashes are ignored, as the router ignores them.
   */
  allowedMethods(path: string): string[] {
    const p = path.length > 1 ? path.replace(/\/+$/, "") : path;
    const methods = this.routes.filter((r) => r.url === p).flatMap((r) => (r.method === "GET" ? ["GET", "HEAD"] : [r.method]));
    return [...new Set(methods)];
  }
}

const CACHE_CONTROL = "public, max-age=300, must-revalidate";

/** A short stable hash. */
export function shortHash(text: string, n = 16): string {
  return createHash("sha256").update(text).digest("hex").slice(0, n);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === etag || tag === "*";
  });
}

/**
 * Answer a request whose response is a pure function of `version` (the ledger version, the catalog key…) and the URL:
 * `ETag` = version + URL hash, `Cache-Control`, and 304 when the client already holds it (without computing anything).
 */
export async function pure<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  version: string,
  compute: () => T | Promise<T>,
): Promise<T | FastifyReply> {
  const etag = `"${version.slice(0, 16)}-${shortHash(req.url)}"`;
  if (matches(req.headers["if-none-match"], etag)) {
    return reply.code(304).header("etag", etag).header("cache-control", CACHE_CONTROL).send();
  }
  const value = await compute();
  reply.header("etag", etag).header("cache-control", CACHE_CONTROL);
  return value;
}
