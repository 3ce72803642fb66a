/** The China side's JSON (GET /api/cn/average, /api/cn/stack, /api/cn/history), as the dashboard reads it. */

export interface CnAverageStep {
  from: string;
  to: string;
  totalPercent: number;
  additionalPercent: number;
  byAuthority: Record<string, number>;
  simplePercent: number;
  changedBy: string[];
  uncertainWeightPercent: number;
}

export interface CnAverageSeries {
  issuer: "CN";
  origin: string;
  from: string;
  to: string;
  weights: { id: string; description: string; totalValue: number; placedValue: number; unplacedCount: number };
  steps: CnAverageStep[];
}

export interface CnStackLine {
  authority: string;
  authorityLabel: string;
  measures: string[];
  program: string;
  ratePercent: number;
  effectivePercent: number;
  status: "in-force" | "suspended";
  statusReason?: string;
  instrument: { key: string; id: string; title: string; uncertain?: string };
  window: { from: string; to?: string };
}

export interface CnLineStack {
  date: string;
  origin: string;
  totalPercent: number;
  additionalPercent: number;
  lines: CnStackLine[];
  uncertain: { measure: string; reason: string }[];
  notes: string[];
}

export interface CnStackResult {
  kind: "single" | "groups";
  query: string;
  groups: { codes: string[]; descriptions: string[]; stack: CnLineStack }[];
}

export interface CnHistoryResult {
  lines: {
    code: string;
    description: string;
    intervals: { from: string; to: string; totalPercent: number; byAuthority: Record<string, number>; changedBy: string[] }[];
  }[];
}
