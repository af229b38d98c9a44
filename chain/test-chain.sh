#!/usr/bin/env bash
# npm run test:chain [-- vitest args]: the tests in tests/e2e against real local networks.
#   1. node binary: cached, or built by chain/build-node.sh (a cold build takes minutes);
#      cosmwasm-check: cached, or installed by chain/install-cosmwasm-check.sh
#   2. contracts: npm run build (artifacts/*.wasm)
#   3. a fresh 1-validator localnet "e2e" (ports + 2000), stopped again on exit
#   4. vitest -c vitest.e2e.config.ts; the slashing test runs its own 3-validator network "slashing"
#   5. npm run test:fidelity: the simulator against its own fresh localnet "fidelity" (ports + 8000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
t0=$(date +%s)
LOCALNET_NODE_BIN="$(chain/build-node.sh)"
COSMWASM_CHECK="$(chain/install-cosmwasm-check.sh)"
export LOCALNET_NODE_BIN LOCALNET_NAME=e2e COSMWASM_CHECK
t1=$(date +%s)
npm run -s build
localnet() { npx ts-node --transpile-only chain/localnet.ts "$@"; }
trap 'localnet stop --name e2e >/dev/null || true' EXIT
localnet reset --name e2e --validators 1 --port-offset 2000
t2=$(date +%s)
npx vitest run -c vitest.e2e.config.ts "$@"
t3=$(date +%s)
localnet stop --name e2e >/dev/null
npm run -s test:fidelity
echo "test:chain: node $((t1 - t0)) s, contracts + localnet $((t2 - t1)) s, e2e tests $((t3 - t2)) s, fidelity $(($(date +%s) - t3)) s"
