#!/usr/bin/env bash
# Installs what fusegrad needs on a fresh Debian 12 machine with Node.js 20:
# the X11 headers and Xvfb that the headlessgl backend builds and runs against,
# a font for the charts,
# Chromium for the docs test, pnpm 10, and the workspace's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libxi-dev libx11-dev libxext-dev pkg-config xvfb xauth chromium fonts-dejavu-core)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# pnpm 11 and later crash on Node.js 20, and corepack cannot fetch here.
if [ "$(pnpm --version 2>/dev/null || true)" != "10.34.9" ]; then
  npm install -g pnpm@10.34.9
fi

# The gl package has no prebuilt binary here: node-gyp builds it (about 3 minutes on 2 cores).
pnpm install --frozen-lockfile </dev/null
pnpm build
