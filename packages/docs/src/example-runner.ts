// Runs compiled samples one after another in this process and reports each outcome as a JSON line
// on file descriptor 3, so the samples' own console output on stdout cannot be mistaken for it.
//
// Usage: node example-runner.js FILE.js ... (started by run-examples.ts with fd 3 open as a pipe)
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** One line of the runner's report. */
export type RunnerEvent =
  | { readonly file: string; readonly event: 'start' }
  | { readonly file: string; readonly event: 'pass'; readonly milliseconds: number }
  | { readonly file: string; readonly event: 'fail'; readonly error: string };

const reportFd = 3;
let current: string | null = null;

function report(event: RunnerEvent): void {
  writeSync(reportFd, `${JSON.stringify(event)}\n`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// A rejection that no sample awaited belongs to the sample that is running or just ran.
process.on('unhandledRejection', (reason) => {
  if (current !== null) report({ file: current, event: 'fail', error: `unhandled rejection: ${describeError(reason)}` });
});

for (const file of process.argv.slice(2)) {
  current = file;
  report({ file, event: 'start' });
  const started = performance.now();
  try {
    await import(pathToFileURL(file).href);
    report({ file, event: 'pass', milliseconds: performance.now() - started });
  } catch (error) {
    report({ file, event: 'fail', error: describeError(error) });
  }
}

// Samples may leave timers or gpu.js contexts open; they must not keep the runner alive.
process.exit(0);
