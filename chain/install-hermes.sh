#!/usr/bin/env bash
# Installs the IBC relayer Hermes (ibc-relayer-cli 1.10.5, crates.io) when it is missing; prints its path.
# 1.10.5 is the newest release that builds offline here (1.13 needs crates this registry lacks).
# A cold install compiles for about 9 minutes; the binary is cached outside the repo.
set -euo pipefail
VERSION=1.10.5
# the same cache as the node (chain/build-node.sh): PERSISTENCE_RWA_CACHE, else ~/.cache/persistence-rwa
ROOT="${HERMES_ROOT:-${PERSISTENCE_RWA_CACHE:-$HOME/.cache/persistence-rwa}/hermes-$VERSION}"
BIN="$ROOT/bin/hermes"
if [ -x "$BIN" ] && "$BIN" version 2>/dev/null | grep -q "$VERSION"; then
  echo "$BIN"
  exit 0
fi
echo "installing hermes $VERSION with cargo (cached in $BIN)" >&2
cargo install ibc-relayer-cli --version "$VERSION" --locked --bin hermes --root "$ROOT" --force >&2
echo "$BIN"
