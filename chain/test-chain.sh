#!/usr/bin/env bash
# npm run test:chain [-- vitest args]: the tests in tests/e2e against real local networks, then the IBC
# tests against two local chains joined by Hermes.
#   1. node binary: cached, or built by chain/build-node.sh (a cold build takes minutes);
#      cosmwasm-check: cached, or installed by chain/install-cosmwasm-check.sh;
#      hermes: cached, or installed by chain/install-hermes.sh (~9 min cold)
#   2. contracts: npm run build (artifacts/*.wasm)
#   3. a fresh 1-validator localnet "e2e" (ports + 2000), stopped again on exit
#   4. vitest -c vitest.e2e.config.ts (the vitest args go here); the slashing test runs its own
#      3-validator network "slashing"
#   5. npm run test:fidelity: the simulator against its own fresh localnet "fidelity" (ports + 5500)
#   6. a fresh IBC pair "ibc": localpersistence-1 (ports + 1500) and localcomdex-1 (network
#      "ibc-comdex", ports + 2500), Hermes with --manual-relay, the ICS-20 channel; then
#      vitest -c vitest.ibc.config.ts (tests/ibc/chain/, tests/ibc/chain.test.ts); stopped on exit
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
t0=$(date +%s)
LOCALNET_NODE_BIN="$(chain/build-node.sh)"
COSMWASM_CHECK="$(chain/install-cosmwasm-check.sh)"
th=$(date +%s)
HERMES_BIN="$(chain/install-hermes.sh)"
export LOCALNET_NODE_BIN LOCALNET_NAME=e2e COSMWASM_CHECK HERMES_BIN
t1=$(date +%s)
npm run -s build
localnet() { npx ts-node --transpile-only chain/localnet.ts "$@"; }
trap 'localnet stop --name e2e >/dev/null || true; localnet stop --name ibc >/dev/null || true' EXIT
localnet reset --name e2e --validators 1 --port-offset 2000
t2=$(date +%s)
npx vitest run -c vitest.e2e.config.ts "$@"
t3=$(date +%s)
localnet stop --name e2e >/dev/null
npm run -s test:fidelity
t4=$(date +%s)
localnet reset --name ibc --validators 1 --port-offset 1500 --with-app-chain --app-chain-offset 2500 --manual-relay
t5=$(date +%s)
IBC_PAIR=ibc npx vitest run -c vitest.ibc.config.ts
t6=$(date +%s)
localnet stop --name ibc >/dev/null
echo "test:chain: node + cosmwasm-check $((th - t0)) s, hermes $((t1 - th)) s, contracts + localnet $((t2 - t1)) s," \
  "e2e tests $((t3 - t2)) s, fidelity $((t4 - t3)) s, IBC pair $((t5 - t4)) s, IBC tests $((t6 - t5)) s"
