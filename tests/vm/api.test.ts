import { createHash } from "node:crypto";

import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { describe, expect, it } from "vitest";

import { Bech32Api, bech32Decode, bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/index";

const api = new Bech32Api();
const alice = makeAddress("alice");

function validationError(input: string): string | undefined {
  const result = api.addrValidate(input);
  return result.ok ? undefined : result.error;
}

describe("makeAddress", () => {
  it("is bech32 of the first 20 bytes of sha256(seed), deterministic", () => {
    const digest = createHash("sha256").update("alice").digest();
    expect(alice).toBe(toBech32("persistence", digest.subarray(0, 20)));
    expect(makeAddress("alice")).toBe(alice);
    expect(makeAddress("bob")).not.toBe(alice);
    expect(alice).toMatch(/^persistence1[02-9ac-hj-np-z]{38}$/);
  });

  it("takes another prefix", () => {
    expect(fromBech32(makeAddress("alice", "cosmos"), 1023).prefix).toBe("cosmos");
  });
});

describe("bech32", () => {
  it("round-trips with cosmjs for several lengths", () => {
    for (const len of [1, 20, 32, 64]) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 37 + len) & 0xff);
      const encoded = bech32Encode("persistence", data);
      expect(encoded).toBe(toBech32("persistence", data, 1023));
      expect(bech32Decode(encoded)).toEqual({ prefix: "persistence", data });
    }
  });

  it("accepts an all-uppercase string when decoding", () => {
    expect(bech32Decode(alice.toUpperCase()).data).toEqual(fromBech32(alice, 1023).data);
  });
});

describe("Bech32Api.addrValidate", () => {
  it("accepts a normalized address and charges wasmd's validate cost", () => {
    expect(api.addrValidate(alice)).toEqual({ ok: true, value: null, gas: 9 * 140_000 });
  });

  it("rejects upper case input as not normalized (it canonicalizes, but does not round-trip)", () => {
    expect(api.addrCanonicalize(alice.toUpperCase()).ok).toBe(true);
    expect(validationError(alice.toUpperCase())).toBe("address not normalized");
  });

  it("reports cosmos-sdk / btcutil error texts", () => {
    const mixed = `P${alice.slice(1)}`;
    expect(validationError(mixed)).toBe("decoding bech32 failed: string not all lowercase or all uppercase");
    expect(validationError(makeAddress("x", "cosmos"))).toBe("invalid Bech32 prefix; expected persistence, got cosmos");
    expect(validationError("abc")).toBe("decoding bech32 failed: invalid bech32 string length 3");
    expect(validationError("   ")).toBe("empty address string is not allowed");
    expect(validationError("persistencexxxxxxxx")).toBe("decoding bech32 failed: invalid separator index -1");
    expect(validationError("persistence1bbbbbbbbb")).toBe("decoding bech32 failed: invalid character not part of charset: 98");
    expect(validationError("persistence 1qqqqqqqq")).toBe("decoding bech32 failed: invalid character in string: ' '");
    expect(validationError("persistence1é1qqqqqq")).toBe("decoding bech32 failed: invalid character in string: 'Ã'");
  });

  it("names the expected checksum like btcutil", () => {
    const lastChar = alice.endsWith("q") ? "p" : "q";
    const broken = alice.slice(0, -1) + lastChar;
    expect(validationError(broken)).toBe(
      `decoding bech32 failed: invalid checksum (expected ${alice.slice(-6)} got ${broken.slice(-6)})`,
    );
  });

  it("charges only the canonicalize cost when decoding fails", () => {
    expect(api.addrValidate("abc").gas).toBe(4 * 140_000);
  });

  it("rejects empty address data with VerifyAddressFormat's text", () => {
    expect(validationError(bech32Encode("persistence", new Uint8Array(0)))).toBe(
      "addresses cannot be empty: unknown address",
    );
  });
});

describe("Bech32Api canonicalize / humanize", () => {
  it("round-trips and yields the bech32 data bytes", () => {
    const canonical = api.addrCanonicalize(alice);
    if (!canonical.ok) throw new Error(canonical.error);
    expect(canonical.value).toEqual(fromBech32(alice, 1023).data);
    expect(canonical.value.length).toBe(20);
    expect(api.addrHumanize(canonical.value)).toEqual({ ok: true, value: alice, gas: 5 * 140_000 });
  });

  it("humanizes 32-byte contract addresses", () => {
    const data = new Uint8Array(32).fill(7);
    const human = api.addrHumanize(data);
    expect(human.ok && fromBech32(human.value, 1023).data).toEqual(data);
  });

  it("enforces the SDK address length limits", () => {
    expect(api.addrHumanize(new Uint8Array(0))).toMatchObject({ ok: false, error: "addresses cannot be empty: unknown address" });
    expect(api.addrHumanize(new Uint8Array(256))).toMatchObject({
      ok: false,
      error: "address max length is 255, got 256: unknown address",
    });
    expect(api.addrHumanize(new Uint8Array(255)).ok).toBe(true);
  });

  it("uses the configured prefix", () => {
    const cosmos = new Bech32Api({ prefix: "cosmos" });
    const addr = makeAddress("carol", "cosmos");
    expect(cosmos.addrValidate(addr).ok).toBe(true);
    expect(cosmos.addrValidate(alice)).toMatchObject({ ok: false, error: "invalid Bech32 prefix; expected cosmos, got persistence" });
  });
});
