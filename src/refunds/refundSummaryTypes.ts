/**
 * The refund book's summary as the API serves it (GET /api/refunds/job) and the dashboard reads it: plain types, no
 * runtime imports, so web/ can import them. Amounts are decimal strings to the cent.
 */
/** Corporate or non-corporate overpayment rate (26 U.S.C. 6621(a)(1)). */
export type ImporterKind = "corporate" | "non-corporate";

export interface RefundSummary {
  asOf: string;
  capeDate: string;
  importerKindDefault: ImporterKind;
  rows: number;
  priced: number;
  rejectedRows: number;
  entries: number;
  ieepaPaid: string;
  refund: string;
  interest: string;
  byStatus: { status: string; entries: number; refund: string; interest: string }[];
  byReason: { rule: string; reason: string; route: string; entries: number; refund: string }[];
  byMonth: { month: string; entries: number; refund: string; interest: string }[];
  byOrigin: { origin: string; lines: number; refund: string }[];
  byAuthority: { authority: string; refund: string }[];
  capeFiles: string[];
  uncertainRates: string[];
  interestConvention: string;
}
