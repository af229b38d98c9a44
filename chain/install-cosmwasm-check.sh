#!/usr/bin/env bash
# Installs the real VM's checker (cosmwasm-check 2.2.10, crates.io) when it is missing; prints its path.
# 2.2.10 is the newest 2.2.x that builds with this machine's rustc (2.2.11 needs 1.96; 2.2.2 no longer
# links with current Rust: __rust_probestack). A cold install compiles for a few minutes.
set -euo pipefail
VERSION=2.2.10
BIN="${CARGO_HOME:-$HOME/.cargo}/bin/cosmwasm-check"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "$BIN"
  exit 0
fi
echo "installing cosmwasm-check $VERSION with cargo (cached in $BIN)" >&2
cargo install cosmwasm-check --version "$VERSION" --locked --force >&2
echo "$BIN"
