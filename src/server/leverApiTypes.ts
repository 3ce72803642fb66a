/** The JSON the levers' endpoints answer (the library's own types), for the dashboard. */
export type { ScreeningResult, ScreeningMatch } from "../controls/screening.js";
export type { AffiliatesAssessment, FirmAssessment } from "../controls/affiliatesRule.js";
export type { ControlsReport, ControlRow } from "../controls/chinaControls.js";
export type { PhaseOneReport, CategoryFulfilment, Commitments } from "../commitments/phaseOne.js";
export type { SoybeanReport } from "../commitments/soybeanPledge.js";
export type { TradeReport, YearFlows } from "../trade/bilateralFlows.js";
export type { TalksRecord, ResolvedRound, LinkedMeasure } from "../talks/rounds.js";

import type { PhaseOneReport, Commitments } from "../commitments/phaseOne.js";
import type { SoybeanReport } from "../commitments/soybeanPledge.js";
/** GET /api/commitments. */
export interface CommitmentsBody {
  phaseOne: PhaseOneReport;
  soybeans: SoybeanReport;
  events: Commitments["events"];
}
