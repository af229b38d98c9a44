// The std API reference is generated from std's doc comments (npm run docs) and committed: it must
// match the sources, and every exported std module must appear in it.
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { STD_DOCS, stdDocs } from "@persistence-ts/cli/docs/std";

describe("std/API.md", () => {
  const text = stdDocs();

  it("is up to date with std/ (else: npm run docs)", () => {
    expect(fs.readFileSync(STD_DOCS, "utf8")).toBe(text);
  });

  it("documents the storage, math and entry-point APIs contracts use", () => {
    for (const heading of ["## std/storage/item.ts", "## std/storage/map.ts", "## std/math/uint128.ts", "## std/abi/entry.ts", "## std/error.ts"]) expect(text).toContain(heading);
    expect(text).toContain("`loadOr(fallback: T): T` — The value, or `fallback` when absent.");
  });
});
