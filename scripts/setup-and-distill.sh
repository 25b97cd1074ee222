#!/usr/bin/env bash
# Sets up a fresh machine and runs the main job: the distill command on MNIST.
# Arguments are passed to the command, e.g. `--task brown` or `--help`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pnpm --silent --filter @fusegrad/distill run distill -- "$@"
