import { createReadStream } from "node:fs";
import type { FastifyInstance } from "fastify";
import type { Readable } from "node:stream";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import type { ApiRegistry } from "../http.js";
import { MAX_UPLOAD_BYTES, RefundJobs } from "../refundJobs.js";
import { isLegalDay } from "../../common/legalDate.js";

/** Upload content types: the entry file's own bytes (CSV, XLSX, Parquet), streamed, never parsed by the server's body parsers. */
export const ENTRY_FILE_TYPES = [
  "text/csv",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.apache.parquet",
  "application/octet-stream",
];

const ID = { type: "string", pattern: "^[0-9a-f-]{36}$", description: "The job id." };

/** POST /api/refunds/jobs (upload), GET /api/refunds/jobs, GET /api/refunds/job, GET /api/refunds/file, POST /api/refunds/delete. */
export function refundRoutes(api: ApiRegistry, ctx: ServerContext, app: FastifyInstance): void {
  const jobs = new RefundJobs(ctx.cacheDir, () => ctx.tariffscope());
  app.addHook("onClose", () => jobs.close());
  // The body reaches the route as a stream: the job store counts it against the limit as it writes it to disk.
  app.addContentTypeParser(ENTRY_FILE_TYPES, (_req, payload, done) => done(null, payload));

  api.route<{ asOf?: string; importer?: string; name?: string }, Readable>({
    method: "POST",
    url: "/api/refunds/jobs",
    operationId: "uploadRefundJob",
    tag: "refunds",
    summary: "Upload an entry file (CSV, XLSX or Parquet; at most 2 GB) and start its refund book",
    description: "The file is stored in the server's cache folder, read as data (never executed), priced and booked like `tariffscope refunds`. Answers 202 with the job; poll /api/refunds/job.",
    querystring: {
      type: "object",
      additionalProperties: false,
      properties: {
        asOf: { type: "string", description: "Interest runs to this date (YYYY-MM-DD); default today." },
        importer: { type: "string", enum: ["corporate", "non-corporate"], description: "Overpayment rate for lines whose file does not say." },
        name: { type: "string", maxLength: 200, description: "The file's name, for display." },
      },
    },
    body: { contentTypes: ENTRY_FILE_TYPES, maxBytes: MAX_UPLOAD_BYTES, description: "The entry file's bytes." },
    responses: { 202: { description: "The job, queued.", schema: { type: "object" } } },
    errors: [413, 415, 503],
    handler: async (req, reply) => {
      ctx.tariffscope(); // 503 while the ledger is not open
      const asOf = req.query.asOf ?? new Date().toISOString().slice(0, 10);
      if (!isLegalDay(asOf)) throw new ApiError(400, "MALFORMED_DATE", `asOf: "${asOf}" is not a date (YYYY-MM-DD)`, "asOf");
      const length = Number(req.headers["content-length"]);
      const job = await jobs.submit(req.body, {
        fileName: req.query.name ?? "entries",
        asOf,
        importerKind: req.query.importer === "corporate" ? "corporate" : "non-corporate",
        ...(Number.isFinite(length) ? { declaredBytes: length } : {}),
      });
      return reply.code(202).send(job);
    },
  });

  api.route({
    method: "GET",
    url: "/api/refunds/jobs",
    operationId: "listRefundJobs",
    tag: "refunds",
    summary: "The refund jobs of this server (uploads kept in the cache folder until deleted)",
    querystring: { type: "object", additionalProperties: false, properties: {} },
    responses: { 200: { description: "The jobs.", schema: { type: "object" } } },
    handler: async (_req, reply) => {
      reply.header("cache-control", "no-store");
      return { jobs: jobs.list() };
    },
  });

  api.route<{ id: string }>({
    method: "GET",
    url: "/api/refunds/job",
    operationId: "getRefundJob",
    tag: "refunds",
    summary: "A refund job: status, stage, progress (0–1), the summary when done, the error when failed, its files",
    querystring: { type: "object", additionalProperties: false, required: ["id"], properties: { id: ID } },
    responses: { 200: { description: "The job.", schema: { type: "object" } } },
    errors: [404],
    handler: async (req, reply) => {
      reply.header("cache-control", "no-store");
      return jobs.get(req.query.id);
    },
  });

  api.route<{ id: string; name: string }>({
    method: "GET",
    url: "/api/refunds/file",
    operationId: "getRefundFile",
    tag: "refunds",
    summary: "Download one output of a finished job (lines.parquet, entries.csv, rejects.csv, summary.json, cape/cape-declaration-NNN.csv)",
    querystring: { type: "object", additionalProperties: false, required: ["id", "name"], properties: { id: ID, name: { type: "string", maxLength: 80, description: "The file's name as the job lists it." } } },
    responses: { 200: { description: "The file." } },
    errors: [404, 409],
    handler: async (req, reply) => {
      const { path, bytes } = await jobs.file(req.query.id, req.query.name);
      const base = req.query.name.replace(/^cape\//, "");
      reply
        .header("content-type", base.endsWith(".parquet") ? "application/vnd.apache.parquet" : base.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8")
        .header("content-length", bytes)
        .header("content-disposition", `attachment; filename="${base}"`)
        .header("cache-control", "no-store");
      return reply.send(createReadStream(path));
    },
  });

  api.route<{ id: string }>({
    method: "POST",
    url: "/api/refunds/delete",
    operationId: "deleteRefundJob",
    tag: "refunds",
    summary: "Delete a job: its upload and every result file are removed from the cache folder",
    querystring: { type: "object", additionalProperties: false, required: ["id"], properties: { id: ID } },
    responses: { 200: { description: "Deleted.", schema: { type: "object" } } },
    errors: [404, 409],
    handler: async (req) => {
      await jobs.delete(req.query.id);
      return { deleted: req.query.id };
    },
  });
}
