#!/usr/bin/env node
// Entry point of the `distill` command. pnpm runs package scripts in the package folder and records the folder
// it was started from in INIT_CWD, so a relative --out resolves against the folder the user ran pnpm in.
import { main } from './main.js';

const baseDir = process.env.INIT_CWD ?? process.cwd();

// The root script `pnpm distill ARGS` reaches this file as `node dist/cli.js -- ARGS`, so a leading `--` is dropped.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();

process.exitCode = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  baseDir,
  environment: process.env,
});
