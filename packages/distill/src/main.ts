import { helpText, parseCommandLine, UsageError } from './options.js';
import type { ProgressStream } from './progress.js';
import { runDistill, RunInterruptedError } from './run.js';

/** Streams and settings that {@link main} uses instead of the process globals, so tests can supply their own. */
export interface MainIO {
  /** Receives progress, the table and the help text. */
  readonly stdout: ProgressStream;
  /** Receives error messages. */
  readonly stderr: {
    /** Writes one chunk of text; the return value is ignored. */
    write(text: string): unknown;
  };
  /** Folder that a relative `--out` is resolved against. */
  readonly baseDir: string;
  /** Environment variables (for `FUSEGRAD_BACKEND`). */
  readonly environment: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs the `distill` command and returns its exit status: 0 on success, 2 for invalid options, 1 when the run
 * fails, and 130 or 143 when SIGINT or SIGTERM stopped it. Errors are printed to `io.stderr` as one
 * `distill: error: ...` line, and a stop as `distill: stopped by SIGTERM; no files were written`.
 *
 * @param argv - Command-line arguments after the program name.
 * @param io - Output streams, base folder and environment.
 * @returns The exit status.
 * @example
 * ```ts
 * import { main } from '@fusegrad/distill';
 *
 * const status = await main(['--help'], { stdout: process.stdout, stderr: process.stderr, baseDir: process.cwd(), environment: {} });
 * console.log(status); // 0
 * ```
 */
export async function main(argv: readonly string[], io: MainIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, io.baseDir, io.environment);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`distill: error: ${error.message}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(helpText());
    return 0;
  }

  try {
    await runDistill(parsed.options, io.stdout);
    return 0;
  } catch (error) {
    if (error instanceof RunInterruptedError) {
      // The progress line on a terminal may be unfinished, so the message starts on a new line.
      io.stderr.write(`\ndistill: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`distill: error: ${(error as Error).message}\n`);
    return 1;
  }
}
