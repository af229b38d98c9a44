// std/math compiled to wasm with our contract flags, checked against BigInt and cosmwasm-std 2.2.
// One entry file, so the fixture compiles once (asc -O3 takes seconds) for all suites.

import { afterAll, beforeAll, describe } from "vitest";
import { decimalCases } from "./decimal.cases";
import { loadMathFixture, MathFixture, removeMathFixture } from "./harness";
import { integerCases } from "./integers.cases";
import { uint128Cases } from "./uint128.cases";
import { uint256Cases } from "./uint256.cases";

let math: MathFixture;
const fixture = () => math;

beforeAll(async () => {
  math = await loadMathFixture();
});

afterAll(removeMathFixture);

describe("Uint128", () => {
  uint128Cases(fixture);
  integerCases("u128");
});

describe("Uint256", () => {
  uint256Cases(fixture);
  integerCases("u256");
});

describe("Decimal", () => {
  decimalCases(fixture);
});
