import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "tests/ibc/chain/**", "tests/ibc/chain.test.ts", "node_modules/**"], // real chains: npm run test:chain
    testTimeout: 120_000, // the heavier properties take ~10 s alone; a loaded 2-core machine can stretch that 6×
    hookTimeout: 120_000,
    pool: "threads",
    setupFiles: ["tests/setup.ts"],
  },
});
