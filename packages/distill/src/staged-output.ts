import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * An output folder that is written in a hidden staging folder beside it and moved into place only when every file
 * is complete, so a failed or interrupted run leaves no partial files.
 *
 * @example
 * ```ts
 * import { StagedOutput } from '@fusegrad/distill';
 * import { writeFileSync } from 'node:fs';
 *
 * const output = StagedOutput.create('/tmp/distill-example');
 * writeFileSync(output.path('metrics.json'), '{}');
 * output.commit(); // /tmp/distill-example/metrics.json now exists
 * ```
 */
export class StagedOutput {
  /** Final folder. */
  readonly target: string;
  /** Staging folder that receives the files until {@link StagedOutput.commit}. */
  readonly staging: string;
  readonly #createdParent: string | undefined;
  #finished = false;

  private constructor(target: string, staging: string, createdParent: string | undefined) {
    this.target = target;
    this.staging = staging;
    this.#createdParent = createdParent;
  }

  /**
   * Creates the staging folder next to `target`, creating missing parent folders.
   *
   * Creating it up front checks that the output location is writable before any training starts.
   *
   * @param target - Absolute path of the final output folder; it may exist already.
   * @returns The staged output.
   * @throws Error naming `target` when it exists but is not a folder, or when its parent cannot be created or
   *   written.
   */
  static create(target: string): StagedOutput {
    const existing = statOrNull(target);
    if (existing && !existing.isDirectory()) {
      throw new Error(`--out "${target}" exists and is not a folder; pass a folder path, or remove the file`);
    }

    const parent = dirname(target);
    let createdParent: string | undefined;
    try {
      createdParent = mkdirSync(parent, { recursive: true });
      const staging = makeStagingFolder(parent, basename(target));
      return new StagedOutput(target, staging, createdParent);
    } catch (error) {
      removeEmptyFolders(parent, createdParent);
      throw new Error(
        `--out "${target}" is not writable (${(error as Error).message}); pass a folder you can write to, as in --out /tmp/distill`,
        { cause: error },
      );
    }
  }

  /**
   * Returns the staging path of an output file.
   *
   * @param name - File name without folders, such as `metrics.json`.
   * @returns Absolute path inside the staging folder.
   */
  path(name: string): string {
    return join(this.staging, name);
  }

  /**
   * Moves the staged files into the target folder. Each file is moved by a rename, so each one appears whole.
   * Files of an earlier run with the same names are replaced, and other files in the folder are kept.
   */
  commit(): void {
    if (this.#finished) return;

    if (statOrNull(this.target) === null) {
      renameSync(this.staging, this.target);
    } else {
      for (const name of readdirSync(this.staging)) {
        renameSync(join(this.staging, name), join(this.target, name));
      }
      rmdirSync(this.staging);
    }
    this.#finished = true;
  }

  /** Deletes the staging folder and any parent folders that {@link StagedOutput.create} made. Safe to call twice. */
  abort(): void {
    if (this.#finished) return;

    rmSync(this.staging, { recursive: true, force: true });
    removeEmptyFolders(dirname(this.target), this.#createdParent);
    this.#finished = true;
  }
}

/**
 * Creates an empty folder with a random name beside the target. It uses `mkdir` rather than `mkdtemp`, because
 * `mkdtemp` gives mode 0700 and the staging folder becomes the output folder, which should follow the umask.
 */
function makeStagingFolder(parent: string, name: string): string {
  for (let attempt = 1; ; attempt++) {
    const staging = join(parent, `.${name}.partial-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(staging);
      return staging;
    } catch (error) {
      // Only another run's staging folder can have the same name, so a few new names resolve a clash.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 5) throw error;
    }
  }
}

/** Removes `folder` and its parents up to `top` while they are empty; another writer's files stop it. */
function removeEmptyFolders(folder: string, top: string | undefined): void {
  if (top === undefined) return;

  let current = folder;
  while (current.length >= top.length) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === top) return;
    current = dirname(current);
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
