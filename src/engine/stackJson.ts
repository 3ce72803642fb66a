import type { Stack, StackResult } from "./stackTypes.js";

/** A single stack with the statistical lines that share it (what `tariffscope stack --json` prints). */
export type StackJsonSingle = Stack & { statisticalLines: string[] };

/** The JSON form of a stack answer, shared by `tariffscope stack --json` and `GET /api/stack`. */
export type StackJson = StackJsonSingle | Extract<StackResult, { kind: "split" }>;

/** Shape a `StackResult` as JSON: a single stack is flattened with its `statisticalLines`; a split answer is kept as is. */
export function stackJson(r: StackResult): StackJson {
  return r.kind === "single" ? { ...r.stack, statisticalLines: r.statisticalLines } : r;
}
