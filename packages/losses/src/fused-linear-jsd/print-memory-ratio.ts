/**
 * Prints the peak tensor bytes of the fused and the unfused linear JSD and their ratio.
 *
 * Usage: `node dist/fused-linear-jsd/print-memory-ratio.js [--rows 4096] [--hidden 256]
 * [--teacher-hidden 256] [--vocab 32768] [--chunk N] [--unfused-rows N]`. With `--unfused-rows`
 * the unfused peak is extrapolated from runs at N / 2 and N rows.
 */
import { parseArgs } from 'node:util';

import { measureFusedLinearJsdMemory } from './memory-measurement.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '4096' },
    hidden: { type: 'string', default: '256' },
    'teacher-hidden': { type: 'string' },
    vocab: { type: 'string', default: '32768' },
    chunk: { type: 'string' },
    'unfused-rows': { type: 'string' },
  },
});

const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const report = await measureFusedLinearJsdMemory({
  rows: Number(values.rows),
  hiddenSize: Number(values.hidden),
  teacherHiddenSize: optionalNumber(values['teacher-hidden']),
  vocabSize: Number(values.vocab),
  chunkSize: optionalNumber(values.chunk),
  unfusedRows: optionalNumber(values['unfused-rows']),
});

const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const unfusedNote = report.unfusedEstimated ? ` (extrapolated from ${report.unfusedMeasuredRows.join(' and ')} rows)` : '';
console.log(`fused linear JSD, BT=${report.rows} H=${report.hiddenSize} Ht=${report.teacherHiddenSize} V=${report.vocabSize}`);
console.log(`inputs:       ${mebibytes(report.inputBytes)}`);
console.log(`fused peak:   ${mebibytes(report.fusedPeakBytes)} in ${(report.fusedMs / 1000).toFixed(1)} s`);
console.log(`unfused peak: ${mebibytes(report.unfusedPeakBytes)}${unfusedNote}`);
console.log(`ratio fused/unfused: ${report.ratio.toFixed(4)} (above inputs: ${report.ratioAboveInputs.toFixed(4)})`);
