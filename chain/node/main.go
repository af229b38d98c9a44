// Local-network node for the Persistence RWA contracts.
//
// persistenceCore v16 is not served by the Go module proxy (403 "not available"), so this is wasmd
// v0.60.2 — the wasmd that persistenceCore v16.0.1 embeds — built with the `persistence` Bech32 prefix
// and persistenceCore's cosmos-sdk / CometBFT / ibc-go / wasmvm versions (see chain/README.md).
//
// This file is wasmd's cmd/wasmd/main.go. The rest of that package (root.go, commands.go, testnet.go)
// is package main and cannot be imported: chain/build-node.sh copies it from the module cache, next to
// this file, at build time.
package main

import (
	"os"

	"cosmossdk.io/log"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/CosmWasm/wasmd/app"
)

func main() {
	rootCmd := NewRootCmd()

	if err := svrcmd.Execute(rootCmd, "", app.DefaultNodeHome); err != nil {
		log.NewLogger(rootCmd.OutOrStderr()).Error("failure when running app", "err", err)
		os.Exit(1)
	}
}
