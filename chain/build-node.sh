#!/usr/bin/env bash
# Builds the local-network node (wasmd v0.60.2 with the `persistence` prefix, see chain/README.md)
# unless it is already cached, and prints the binary's path on stdout (progress goes to stderr).
#
#   chain/build-node.sh           build if missing, print the path
#   chain/build-node.sh --tidy    regenerate chain/node/go.mod + go.sum (go mod tidy), then build
#
# Cache: ${PERSISTENCE_RWA_CACHE:-~/.cache/persistence-rwa}/node/<key>/wasmd, where <key> is the wasmd
# version plus a hash of chain/node/* and of this script: editing either rebuilds.
set -euo pipefail

WASMD_VERSION=v0.60.2
GO_TOOLCHAIN=go1.24.6   # persistenceCore v16's toolchain; sonic v1.14 (pinned by wasmd) fails on Go ≥ 1.26
PREFIX=persistence

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tidy=0
[[ "${1:-}" == "--tidy" ]] && tidy=1

command -v go >/dev/null || { echo "build-node: 'go' is not on PATH (need Go ≥ 1.21 to fetch $GO_TOOLCHAIN)" >&2; exit 1; }

hash="$(cat "$here"/node/go.mod "$here"/node/main.go "${BASH_SOURCE[0]}" "$here"/node/go.sum 2>/dev/null | sha256sum | cut -c1-12 || true)"
out_dir="${PERSISTENCE_RWA_CACHE:-$HOME/.cache/persistence-rwa}/node/wasmd-$WASMD_VERSION-$hash"
bin="$out_dir/wasmd"
# (a cached binary also needs libwasmvm where it was linked, in the Go module cache: check it runs)
if [[ $tidy == 0 && -x "$bin" ]] && "$bin" version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

export GOTOOLCHAIN="$GO_TOOLCHAIN" CGO_ENABLED=1 GOFLAGS=-buildvcs=false
# The proxy's checksum database answers 404 for wasmd v0.60.2 here (other modules verify); its hash is
# pinned in chain/node/go.sum, which is what a build checks against.
export GONOSUMDB="${GONOSUMDB:-github.com/CosmWasm/wasmd}"
start=$(date +%s)

# Assemble the main package: our go.mod/go.sum/main.go + wasmd's cmd/wasmd/*.go except its main.go.
src="$out_dir/src"
rm -rf "$src" && mkdir -p "$src"
cp "$here"/node/go.mod "$here"/node/main.go "$src"/
[[ -f "$here/node/go.sum" ]] && cp "$here/node/go.sum" "$src"/
cd "$src"
echo "build-node: downloading modules (toolchain $GO_TOOLCHAIN, wasmd $WASMD_VERSION)…" >&2
# moddir MODULE[@VERSION]: download a module (version from go.mod if omitted) and print its directory.
moddir() {
  local dl dir
  dl="$(go mod download -json "$1" || true)"
  dir="$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$dl")"
  [[ -n "$dir" && -d "$dir" ]] || { echo "build-node: could not download $1:" >&2; echo "$dl" >&2; return 1; }
  echo "$dir"
}
wasmd_dir="$(moddir "github.com/CosmWasm/wasmd@$WASMD_VERSION")"
for f in "$wasmd_dir"/cmd/wasmd/*.go; do
  case "$(basename "$f")" in main.go|*_test.go) ;; *) cp "$f" "$src"/ && chmod u+w "$src/$(basename "$f")" ;; esac
done
# wasmd's root.go installs wasmtypes.VerifyAddressLen() (addresses of 20 or 32 bytes only);
# persistenceCore v16.0.1 sets no address verifier (app/constants/constants.go SetConfig), so any
# length from 1 to 255 bytes is valid there (sdk.VerifyAddressFormat): drop it, keep the import used.
verifier='cfg.SetAddressVerifier(wasmtypes.VerifyAddressLen())'
grep -qF "$verifier" "$src/root.go" || { echo "build-node: $verifier not found in wasmd's root.go" >&2; exit 1; }
sed -i "s|$verifier|_ = wasmtypes.VerifyAddressLen // persistenceCore v16.0.1 sets no address verifier|" "$src/root.go"

if [[ $tidy == 1 ]]; then
  go mod tidy
  cp go.mod go.sum "$here"/node/
  echo "build-node: updated chain/node/go.mod and go.sum" >&2
fi

wasmvm_dir="$(moddir github.com/CosmWasm/wasmvm/v2)"
[[ -f "$wasmvm_dir/internal/api/libwasmvm.x86_64.so" ]] || { echo "build-node: libwasmvm.x86_64.so missing in $wasmvm_dir" >&2; exit 1; }

echo "build-node: go build (cgo, glibc, libwasmvm from $wasmvm_dir)…" >&2
ldflags="-X github.com/cosmos/cosmos-sdk/version.Name=wasmd-persistence \
 -X github.com/cosmos/cosmos-sdk/version.AppName=wasmd \
 -X github.com/cosmos/cosmos-sdk/version.Version=$WASMD_VERSION \
 -X github.com/CosmWasm/wasmd/app.Bech32Prefix=$PREFIX \
 -X github.com/cosmos/cosmos-sdk/version.BuildTags=netgo,ledger"
# wasmvm's cgo directives already add -Wl,-rpath,${SRCDIR} (the module cache directory).
go build -mod=readonly -tags netgo,ledger -ldflags "$ldflags" -o "$bin.tmp" .
mv "$bin.tmp" "$bin"
"$bin" version >/dev/null 2>&1 || { echo "build-node: built binary does not run (libwasmvm?): $bin" >&2; exit 1; }
echo "build-node: built in $(( $(date +%s) - start )) s" >&2
echo "$bin"
