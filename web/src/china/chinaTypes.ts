/**
 * The China side's JSON (GET /api/cn/average, /api/cn/stack, /api/cn/history), as the dashboard reads it: the
 * library's own types (type-only imports, erased from the bundle).
 */
export type { CnAverageSeries, CnAverageStep } from "../../../src/analytics/cnAverage.js";
export type { CnLineStack, CnStackLine, CnStackResult } from "../../../src/engine/cnStack.js";
export type { CnHistoryResult } from "../../../src/engine/cnHistory.js";
