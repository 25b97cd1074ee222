import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RunnerEvent } from './example-runner.js';

/** Outcome of running one compiled sample. */
export interface ExampleOutcome {
  readonly ok: boolean;
  /** The error, or why the sample did not finish; empty when it passed. */
  readonly message: string;
  /** Run time of a sample that passed, in milliseconds; 0 otherwise. */
  readonly milliseconds: number;
}

/** Settings of {@link runExamples}. */
export interface RunExamplesOptions {
  /** Working directory of the runners, where samples that write files write them. */
  readonly cwd: string;
  /** Number of runner processes at a time. */
  readonly parallel: number;
  /** How long one sample may run before its runner is killed, in milliseconds. */
  readonly timeoutMs: number;
}

const runnerPath = fileURLToPath(new URL('./example-runner.js', import.meta.url));

/**
 * Runs compiled samples with node and returns the outcome of each.
 *
 * Starting node and importing fusegrad takes about a second, so samples run in a few long-lived
 * runner processes, one sample after another. When a sample crashes its runner or runs past the
 * timeout, it fails, and a new runner continues with the samples after it.
 */
export async function runExamples(files: readonly string[], options: RunExamplesOptions): Promise<Map<string, ExampleOutcome>> {
  mkdirSync(options.cwd, { recursive: true });
  const outcomes = new Map<string, ExampleOutcome>();
  const queues = Array.from({ length: options.parallel }, (_, queue) => files.filter((_, index) => index % options.parallel === queue));

  await Promise.all(
    queues.map(async (queue) => {
      let remaining = queue;
      while (remaining.length > 0) {
        const unfinished = await runBatch(remaining, options, outcomes);
        remaining = unfinished;
      }
    }),
  );
  return outcomes;
}

/** Runs one runner process; returns the samples it did not get to. */
function runBatch(files: readonly string[], options: RunExamplesOptions, outcomes: Map<string, ExampleOutcome>): Promise<string[]> {
  return new Promise((resolve) => {
    // --expose-gc: the bench package's memory helpers document that they need it.
    const child = spawn(process.execPath, ['--expose-gc', runnerPath, ...files], {
      cwd: options.cwd,
      env: process.env,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let running: string | null = null;
    let stderrTail = '';
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;

    const restartTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs);
    };
    restartTimer();

    child.stderr!.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    });
    createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => {
      const event = JSON.parse(line) as RunnerEvent;
      if (event.event === 'fail') {
        outcomes.set(event.file, { ok: false, message: event.error, milliseconds: 0 });
        running = null;
      } else if (event.event === 'pass') {
        // A failure reported earlier, such as an unhandled rejection, is kept.
        if (!outcomes.has(event.file)) outcomes.set(event.file, { ok: true, message: '', milliseconds: event.milliseconds });
        running = null;
      } else {
        running = event.file;
        stderrTail = '';
        restartTimer();
      }
    });

    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (running !== null) {
        const reason = timedOut
          ? `timed out after ${options.timeoutMs} ms`
          : `the process exited (code ${code}, signal ${signal}) while it ran`;
        outcomes.set(running, { ok: false, message: `${reason}\n${stderrTail}`, milliseconds: 0 });
      }
      const unfinished = files.filter((file) => !outcomes.has(file));
      // A runner that fails before its first sample would otherwise be restarted forever.
      if (unfinished.length === files.length) {
        outcomes.set(files[0]!, {
          ok: false,
          message: `the runner exited (code ${code}, signal ${signal}) before it ran\n${stderrTail}`,
          milliseconds: 0,
        });
        unfinished.shift();
      }
      resolve(unfinished);
    });
  });
}
