#!/usr/bin/env bash
# The README's first command: install everything, build, and train the Fashion-MNIST
# baseline with dl-train on the embedded default backend.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
pnpm dl-train "$@"
