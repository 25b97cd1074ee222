/** Destination of progress output: a stream with `write`, and `isTTY` when it is a terminal. */
export interface ProgressStream {
  /** Writes one chunk of text; the return value is ignored. */
  write(text: string): unknown;
  /** Whether the stream is a terminal; only then is the bar drawn and redrawn. */
  readonly isTTY?: boolean;
  /** Terminal width in characters, which the bar line is cut to; 100 is used when absent or 0. */
  readonly columns?: number;
}

/**
 * Reports training progress: a redrawn bar with the running loss and an ETA on a terminal, and one plain line
 * per epoch otherwise (logs and pipes get no control characters).
 *
 * @example
 * ```ts
 * import { Progress } from '@fusegrad/distill';
 *
 * const progress = new Progress(process.stdout);
 * progress.start('teacher', 2, 100);
 * for (let step = 1; step <= 200; step++) progress.step(0.5);
 * progress.finish();
 * ```
 */
export class Progress {
  readonly #stream: ProgressStream;
  readonly #interactive: boolean;
  readonly #now: () => number;
  #label = '';
  #epochs = 0;
  #stepsPerEpoch = 0;
  #step = 0;
  #startedAt = 0;
  #lastDrawAt = 0;
  #epochLossSum = 0;
  #epochLossCount = 0;
  #runningLoss = Number.NaN;
  #epochStartedAt = 0;

  /**
   * Creates a reporter.
   *
   * @param stream - Destination, usually `process.stdout`; a bar is drawn only when `stream.isTTY` is true.
   * @param now - Clock in milliseconds, replaceable in tests (default `performance.now`).
   */
  constructor(stream: ProgressStream, now: () => number = () => performance.now()) {
    this.#stream = stream;
    this.#interactive = stream.isTTY === true;
    this.#now = now;
  }

  /**
   * Starts reporting one training run.
   *
   * @param label - Name shown in front of every line, such as `teacher`.
   * @param epochs - Number of epochs of the run.
   * @param stepsPerEpoch - Optimizer steps per epoch.
   */
  start(label: string, epochs: number, stepsPerEpoch: number): void {
    this.#label = label;
    this.#epochs = epochs;
    this.#stepsPerEpoch = stepsPerEpoch;
    this.#step = 0;
    this.#startedAt = this.#now();
    this.#epochStartedAt = this.#startedAt;
    this.#lastDrawAt = Number.NEGATIVE_INFINITY;
    this.#epochLossSum = 0;
    this.#epochLossCount = 0;
    this.#runningLoss = Number.NaN;
  }

  /**
   * Records one optimizer step and redraws the bar at most ten times a second.
   *
   * @param loss - The step's training loss.
   */
  step(loss: number): void {
    this.#step++;
    this.#epochLossSum += loss;
    this.#epochLossCount++;
    // An exponential moving average keeps the shown loss steady while still following the trend.
    this.#runningLoss = Number.isNaN(this.#runningLoss) ? loss : 0.95 * this.#runningLoss + 0.05 * loss;

    if (this.#interactive) {
      const now = this.#now();
      if (now - this.#lastDrawAt >= 100 || this.#step === this.#epochs * this.#stepsPerEpoch) {
        this.#lastDrawAt = now;
        this.#drawBar(now);
      }
    }
  }

  /**
   * Prints the summary line of an epoch, with its mean training loss and an optional held-out metric.
   *
   * @param epoch - Epoch number, starting at 1.
   * @param metric - Extra text such as `held-out accuracy 91.2%`.
   */
  epochDone(epoch: number, metric = ''): void {
    const now = this.#now();
    const meanLoss = this.#epochLossSum / Math.max(1, this.#epochLossCount);
    const seconds = (now - this.#epochStartedAt) / 1000;
    const line = `${this.#label}: epoch ${epoch}/${this.#epochs}, loss ${meanLoss.toFixed(4)}${metric ? `, ${metric}` : ''}, ${seconds.toFixed(1)} s`;
    this.#writeLine(line);
    this.#epochLossSum = 0;
    this.#epochLossCount = 0;
    this.#epochStartedAt = now;
    if (this.#interactive && this.#step < this.#epochs * this.#stepsPerEpoch) this.#drawBar(now);
  }

  /**
   * Prints a message on its own line without breaking the bar.
   *
   * @param line - Text without a trailing newline.
   */
  log(line: string): void {
    this.#writeLine(line);
  }

  /** Clears the bar, so that the terminal is ready for normal output. */
  finish(): void {
    if (this.#interactive) this.#stream.write('\r\x1b[2K');
  }

  #writeLine(line: string): void {
    this.#stream.write(this.#interactive ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  #drawBar(now: number): void {
    const total = this.#epochs * this.#stepsPerEpoch;
    const fraction = total === 0 ? 1 : this.#step / total;
    const elapsed = (now - this.#startedAt) / 1000;
    const eta = this.#step === 0 ? Number.NaN : (elapsed / this.#step) * (total - this.#step);
    const epoch = Math.min(this.#epochs, Math.floor(this.#step / Math.max(1, this.#stepsPerEpoch)) + 1);

    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const text =
      `${this.#label} epoch ${epoch}/${this.#epochs} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
      `loss ${this.#runningLoss.toFixed(4)} ETA ${formatDuration(eta)}`;
    // A pseudo-terminal without a size reports 0 columns.
    const columns = this.#stream.columns || 100;
    this.#stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, columns - 1))}`);
  }
}

/**
 * Formats seconds as `m:ss` (or `h:mm:ss` from one hour on); a non-finite value becomes `--:--`.
 *
 * @param seconds - Duration in seconds.
 * @returns The formatted duration.
 * @example
 * ```ts
 * import { formatDuration } from '@fusegrad/distill';
 *
 * console.log(formatDuration(83)); // "1:23"
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';

  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
