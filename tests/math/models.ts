// What std/math must answer, computed with BigInt and cosmwasm-std 2.2's rules and error texts.

export const ERR = {
  add: "ERR:Cannot Add with given operands",
  sub: "ERR:Cannot Sub with given operands",
  mul: "ERR:Cannot Mul with given operands",
  pow: "ERR:Cannot Pow with given operands",
  divideByZero: "ERR:Cannot divide by zero",
  denominatorZero: "ERR:Denominator must not be zero",
  multiplicationOverflow: "ERR:Multiplication overflow",
  fromRatioOverflow: "ERR:Overflow",
  roundUp: "ERR:Round up operation failed because of overflow",
  decimalRange: "ERR:Decimal range exceeded",
  conversion: (from: string, to: string) => `ERR:Error converting ${from} to ${to}`,
};

export type IntOp =
  | "add"
  | "sub"
  | "saturatingSub"
  | "mul"
  | "div"
  | "rem"
  | "cmp"
  | "multiplyRatio"
  | "multiplyRatioCeil";

function comparison(a: bigint, b: bigint): string {
  const cmp = a < b ? -1 : a > b ? 1 : 0;
  const flags = [a === b, a < b, a <= b, a > b, a >= b].map((f) => (f ? "1" : "0"));
  return [String(cmp), ...flags].join(" ");
}

/** The expected answer of Uint128 (bits 128) or Uint256 (bits 256) for `a op b` (and c). */
export function intExpected(bits: 128 | 256, op: IntOp, a: bigint, b: bigint, c = 0n): string {
  const max = (1n << BigInt(bits)) - 1n;
  const fits = (v: bigint, err: string) => (v > max ? err : String(v));
  switch (op) {
    case "add":
      return fits(a + b, ERR.add);
    case "sub":
      return a < b ? ERR.sub : String(a - b);
    case "saturatingSub":
      return a < b ? "0" : String(a - b);
    case "mul":
      return fits(a * b, ERR.mul);
    case "div":
      return b === 0n ? ERR.divideByZero : String(a / b);
    case "rem":
      return b === 0n ? ERR.divideByZero : String(a % b);
    case "cmp":
      return comparison(a, b);
    case "multiplyRatio":
      return c === 0n ? ERR.denominatorZero : fits((a * b) / c, ERR.multiplicationOverflow);
    case "multiplyRatioCeil": {
      if (c === 0n) return ERR.divideByZero;
      const floor = (a * b) / c;
      if (floor > max) return bits === 128 ? ERR.conversion("Uint256", "Uint128") : ERR.conversion("Uint512", "Uint256");
      return fits(floor + ((a * b) % c === 0n ? 0n : 1n), ERR.add);
    }
  }
}

export function powExpected(bits: 128 | 256, base: bigint, exp: number): string {
  const max = (1n << BigInt(bits)) - 1n;
  // Past `bits` squarings any base >= 2 has overflowed; don't build astronomically large BigInts.
  if (base >= 2n && exp > bits) return ERR.pow;
  const v = base ** BigInt(exp);
  return v > max ? ERR.pow : String(v);
}

// ---- Decimal ---------------------------------------------------------------------------------

export const FRACTIONAL = 10n ** 18n;
export const MAX128 = (1n << 128n) - 1n;

/** cosmwasm-std's Display for a Decimal with these atomics. */
export function decimalString(atomics: bigint): string {
  const whole = atomics / FRACTIONAL;
  const fraction = atomics % FRACTIONAL;
  if (fraction === 0n) return String(whole);
  return `${whole}.${String(fraction).padStart(18, "0").replace(/0+$/, "")}`;
}

export type DecOp = "add" | "sub" | "mul" | "div" | "cmp";
export type DecIntOp = "mulFloor" | "mulCeil" | "divFloor";

export function decExpected(op: DecOp, a: bigint, b: bigint): string {
  switch (op) {
    case "add":
      return a + b > MAX128 ? ERR.add : decimalString(a + b);
    case "sub":
      return a < b ? ERR.sub : decimalString(a - b);
    case "mul": {
      const q = (a * b) / FRACTIONAL;
      return q > MAX128 ? ERR.mul : decimalString(q);
    }
    case "div": {
      if (b === 0n) return ERR.denominatorZero;
      const q = (a * FRACTIONAL) / b;
      return q > MAX128 ? ERR.fromRatioOverflow : decimalString(q);
    }
    case "cmp":
      return comparison(a, b);
  }
}

/** Decimal (atomics a) applied to the integer x. */
export function decIntExpected(op: DecIntOp, a: bigint, x: bigint): string {
  const conversion = ERR.conversion("Uint256", "Uint128");
  switch (op) {
    case "mulFloor": {
      const q = (x * a) / FRACTIONAL;
      return q > MAX128 ? conversion : String(q);
    }
    case "mulCeil": {
      const q = (x * a) / FRACTIONAL;
      if (q > MAX128) return conversion;
      const ceil = q + ((x * a) % FRACTIONAL === 0n ? 0n : 1n);
      return ceil > MAX128 ? ERR.add : String(ceil);
    }
    case "divFloor": {
      if (a === 0n) return ERR.divideByZero;
      const q = (x * FRACTIONAL) / a;
      return q > MAX128 ? conversion : String(q);
    }
  }
}

export function floorExpected(a: bigint): string {
  return decimalString((a / FRACTIONAL) * FRACTIONAL);
}

export function ceilExpected(a: bigint): string {
  const floor = (a / FRACTIONAL) * FRACTIONAL;
  if (floor === a) return decimalString(a);
  return floor + FRACTIONAL > MAX128 ? ERR.roundUp : decimalString(floor + FRACTIONAL);
}
