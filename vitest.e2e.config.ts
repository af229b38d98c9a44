// Tests against a real local chain (tests/e2e). Run through `npm run test:chain`, which builds the node,
// starts a localnet and sets LOCALNET_NAME; see chain/README.md.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: "forks",
  },
});
