/**
 * tariffscope's library API: everything the CLI, the HTTP server and the dashboard do, a program can do.
 */
export { openTariffscope, tariffscopeOver, type Tariffscope, type OpenOptions } from "./session.js";
export type { Stack, StackLine, StackRequest, StackResult, NeededFact, LegalViewId, ValueBase } from "./engine/stackTypes.js";
export type { HistoryRequest, HistoryResult, HistoryInterval, LayerChange } from "./engine/history.js";
export { checkEntryFacts, parseFactPairs, FACT_DEFAULTS, type EntryFacts } from "./engine/entryFacts.js";
export { computeAverageSeries, MAX_SERIES_DAYS } from "./analytics/averageSeries.js";
export { computeAllPartnerAverage, type AllPartnerAverage, type AllPartnerDay, type AllPartnerOptions, type AllPartnerOrigin } from "./analytics/allPartnerAverage.js";
export type { AverageOptions, AverageRow, AverageSeries, AverageStep } from "./analytics/seriesTypes.js";
export { parseScenario, loadScenario, listShippedScenarios, applyScenarios, type Scenario } from "./analytics/scenarios.js";
export { compareScenarios, type ScenarioComparison } from "./analytics/scenarioCompare.js";
export { renderSeriesSvg, renderSeriesPng } from "./analytics/seriesChart.js";
export { loadWeightSet, listWeightSets, listImportPartners, joinWeightsToEdition } from "./analytics/weights.js";
export { showLine, showHeading, type LineReport, type HeadingReport } from "./schedule/scheduleLookup.js";
export { diffEditions, type EditionDiff } from "./schedule/editionDiff.js";
export { loadEdition, loadHtsCatalog, buildHtsCatalog } from "./schedule/scheduleCatalog.js";
export { loadChangeRecords } from "./schedule/changeRecords.js";
export { EDITIONS, editionById } from "./schedule/editionRegister.js";
export { parseRateText, describeRate, adValoremPercent, type RateExpr } from "./sources/rateText.js";
export { syncData } from "./data/sync.js";
export { dataStatus } from "./data/status.js";
export { ensureData, sourcePath } from "./data/locate.js";
export { TariffscopeError, InputError, DataFileError } from "./common/errors.js";
// China as issuer (issue 12): China's tariffs on goods of US origin, from ledger/cn/.
export { openChinaTariffs, type ChinaTariffs, type OpenChinaOptions } from "./cnSession.js";
export type { CnStackRequest, CnStackResult, CnLineStack, CnStackLine } from "./engine/cnStack.js";
export type { CnHistoryRequest, CnHistoryResult } from "./engine/cnHistory.js";
export { cnAverageAt, type CnAverageOptions, type CnAverageSeries, type CnAverageStep } from "./analytics/cnAverage.js";
export { chinaLine, usLine, twoWayChartData, twoWayChartSpec } from "./analytics/twoWayChart.js";
export { renderSpecSvg, renderSpecPng } from "./analytics/seriesChart.js";
