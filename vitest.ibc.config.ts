// IBC tests against two real local chains joined by Hermes (tests/ibc/chain/, tests/ibc/chain.test.ts).
// Run through `npm run test:chain`, which starts the pair "ibc" (chain/hermes.ts); see chain/README.md.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/ibc/chain/**/*.test.ts", "tests/ibc/chain.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: "forks",
  },
});
