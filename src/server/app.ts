import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import { ServerContext, type ServerOptions } from "./context.js";
import { ApiError, errorBody, handleError, methodNotAllowed, nearest } from "./errors.js";
import { serverPathRedactor } from "./pathRedaction.js";
import { mirrorOrNull } from "../data/cacheDir.js";
import { ApiRegistry, shortHash } from "./http.js";
import { openApiDocument } from "./openapi.js";
import { averageRoutes } from "./routes/average.js";
import { htsRoutes } from "./routes/hts.js";
import { chinaRoutes } from "./routes/china.js";
import { scenarioRoutes, SCENARIO_TYPES } from "./routes/scenarios.js";
import { stackRoutes } from "./routes/stack.js";
import { statusRoutes } from "./routes/status.js";
import { leverRoutes } from "./routes/levers.js";
import { refundRoutes } from "./routes/refunds.js";
import { MAX_SCENARIO_BYTES } from "./scenarioStore.js";

export type { ServerOptions } from "./context.js";

/** The built dashboard, beside the sources: `web/dist` at the repository root. */
export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

const API_VERSION = "1.0.0";

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The HTTP server (not listening): the API under /api and the dashboard at /. */
/** The Fastify instance with the shared context (ledger state, readers, memo). */
export type TariffscopeServer = FastifyInstance & { context: ServerContext };

export async function createServer(options: ServerOptions): Promise<TariffscopeServer> {
  const app = Fastify({
    logger: options.logger ?? false,
    // validateSchema off: the route schemas are ours (checked by the OpenAPI tests); compiling Ajv's meta-schema at
    // every start cost about 0.3 s.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: true, validateSchema: false },
    },
    // Query strings: a repeated parameter is an array; nothing else is nested.
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: MAX_SCENARIO_BYTES,
  });
  const ctx = new ServerContext(options);

  // Responses are plain JSON of the library's types; the response schemas document them (OpenAPI) and the tests check them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Bodies are scenario texts only: read as strings, parsed by the route (a malformed one is a 422, not a 400).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(SCENARIO_TYPES, { parseAs: "string", bodyLimit: MAX_SCENARIO_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((err, req, reply) => handleError(err, req, reply));

  const paths = serverPathRedactor({
    cacheDir: ctx.cacheDir,
    mirror: mirrorOrNull(),
    repoRoot: fileURLToPath(new URL("../../", import.meta.url)),
    scenariosDir: ctx.scenarios.dir,
  });
  app.addHook("onSend", async (req, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    if (!req.url.startsWith("/api/")) reply.header("content-security-policy", CSP);
    else if (typeof payload === "string") return paths.redact(payload);
    return payload;
  });

  const api = new ApiRegistry(app);
  stackRoutes(api, ctx);
  averageRoutes(api, ctx);
  htsRoutes(api, ctx);
  statusRoutes(api, ctx);
  scenarioRoutes(api, ctx);
  leverRoutes(api, ctx);
  chinaRoutes(api, ctx);
  refundRoutes(api, ctx, app);

  let doc: { body: Record<string, unknown>; etag: string } | undefined;
  api.route({
    method: "GET",
    url: "/api/openapi.json",
    operationId: "getOpenApi",
    tag: "service",
    summary: "This document (OpenAPI 3.1)",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    responses: { 200: { description: "The OpenAPI document.", schema: { type: "object" } } },
    handler: async (req, reply) => {
      if (!doc) {
        const body = openApiDocument(api, API_VERSION);
        doc = { body, etag: `"${shortHash(JSON.stringify(body))}"` };
      }
      reply.header("etag", doc.etag).header("cache-control", "public, max-age=300, must-revalidate");
      if (req.headers["if-none-match"] === doc.etag) return reply.code(304).send();
      return doc.body;
    },
  });

  const webDir = options.webDir === undefined ? WEB_DIST : options.webDir;
  const indexHtml = webDir ? join(webDir, "index.html") : undefined;
  if (webDir && existsSync(webDir)) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: "/",
      wildcard: false,
      index: ["index.html"],
      setHeaders: (res, path) => {
        res.setHeader(
          "cache-control",
          /[\\/]assets[\\/]/.test(path) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  }

  const apiPaths = api.routes.map((r) => r.url);
  app.setNotFoundHandler((req, reply) => {
    const path = (req.url.split("?")[0] ?? "").slice(0, 200);
    const allowed = api.allowedMethods(path);
    if (allowed.length > 0) return methodNotAllowed(req, reply, allowed);
    if (path.startsWith("/api")) {
      const e = new ApiError(
        404,
        "NOT_FOUND",
        `${path}: no such endpoint (see /api/openapi.json)`,
        null,
        nearest(path, apiPaths),
      );
      return reply.code(404).send(errorBody(e));
    }
    if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(req, reply, ["GET", "HEAD"]);
    // The dashboard's own paths (/product, /scenarios…) are the single page.
    if (indexHtml && existsSync(indexHtml) && typeof reply.sendFile === "function")
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    return reply
      .code(404)
      .type("text/html; charset=utf-8")
      .send(
        '<!doctype html><title>tariffscope</title><p>The dashboard is not built: run <code>npm run build:web</code> (or <code>npm start</code>). The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>',
      );
  });

  app.addHook("onClose", () => ctx.close());
  app.decorate("context", ctx);
  return app as unknown as TariffscopeServer;
}
