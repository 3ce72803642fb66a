import type { FastifyReply } from "fastify";
import { ApiError } from "./errors.js";
import { RETRY_AFTER_SECONDS } from "./seriesJob.js";

/**
 * Answer with a pool job's JSON text (series, comparisons, searches: computed on the worker pool). A full queue is a
 * 503 with `Retry-After`.
 */
export async function poolAnswer(reply: FastifyReply, answer: () => Promise<unknown>): Promise<unknown> {
  try {
    const json = await answer();
    reply.type("application/json; charset=utf-8");
    return json;
  } catch (err) {
    if (err instanceof ApiError && err.code === "BUSY") reply.header("retry-after", String(RETRY_AFTER_SECONDS));
    throw err;
  }
}
