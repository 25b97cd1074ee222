/**
 * `@fusegrad/bench`: benchmarks of the fused JSD node against jsdUnfused, TensorFlow.js and plain-JavaScript floors,
 * with correctness checks against a float64 reference, JSON and markdown results, and charts.
 *
 * @packageDocumentation
 */
export { UniformSource } from './random.js';
export { makeJsdInputs, type JsdInputs } from './inputs.js';
export { jsdReference, type LossAndGradient } from './reference.js';
export { checkAgainstReference, DEFAULT_TOLERANCE, type CheckResult, type CheckTolerance } from './check.js';
export { summarizeTimes, type TimeSummary } from './stats.js';
export { collectGarbage, ProcessPeakMemory } from './memory.js';
export { MODES, type VerifyResult, type Contender, type ContenderGroup, type JsdCase, type Mode, type PreparedContender } from './contender.js';
export { jsdLoop, createLoopContender } from './contenders/loop.js';
export { createCopyContender } from './contenders/copy.js';
export { createTfjsContender, type TfjsBackendName } from './contenders/tfjs.js';
export { createFusedContender, type FusedBackendName } from './contenders/fused.js';
export { createUnfusedContender } from './contenders/unfused.js';
export { BUILT_IN_CONTENDER_IDS, createContender } from './contenders/registry.js';
export {
  fullPlan,
  isTargetPoint,
  quickPlan,
  smokePlan,
  TARGET_POINT,
  type BenchCase,
  type BenchPlan,
  type ExcludedContender,
  type TimingOptions,
} from './plan.js';
export { measureContender, type MeasureOptions } from './measure.js';
export type { CaseRecord, RecordStatus } from './record.js';
export { runContenders, type ContenderSummary, type RunContendersOptions, type RunContendersResult } from './runner.js';
export { computeRatios, type Ratio } from './ratios.js';
export { evaluateTargets, type TargetResult } from './targets.js';
export { describeMachine, type BenchReport, type MachineInfo } from './report/report.js';
export { buildCharts, type Chart } from './report/charts.js';
export { renderMarkdown } from './report/markdown.js';
export { writeReport } from './report/write.js';
export { runBenchmark, type RunBenchmarkOptions } from './bench.js';
export { CaseCache } from './case-cache.js';
export { measureLinearSuite, type LinearRecord, type LinearSuiteSizes } from './linear/linear-suite.js';
export { runLinearSuite } from './runner.js';
export { evaluateLinearTarget } from './targets.js';
export { LINEAR_TARGET_SIZES } from './plan.js';
