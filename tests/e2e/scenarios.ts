// What the smoke test does with each artifact after uploading it: one entry per artifacts/<name>.wasm.
import { expect } from "vitest";
import { accounts } from "../../chain/localnet";
import { Signer, delegations } from "./chain";

/** What a scenario gets: two funded accounts, the RPC, the bonded validators and the addresses of `needs`. */
export interface Ctx {
  owner: Signer;
  other: Signer;
  rpc: string;
  validators: string[];
}

export interface Scenario {
  /** Schema of the contract's messages and responses (cosmwasm-schema layout), relative to the repo root. */
  schema: string;
  instantiate: (s: Ctx & { deployed: Record<string, string> }) => Record<string, unknown>;
  /** Executes and queries against the instantiated contract; `check(kind, name, value)` validates against the schema. */
  run: (s: Ctx & { contract: string; check: SchemaCheck; deployed: Record<string, string> }) => Promise<void>;
  /** Other artifacts to deploy first (by name, with their instantiate message); their addresses reach `instantiate`. */
  needs?: (s: Ctx) => Record<string, Record<string, unknown>>;
}

export type SchemaCheck = (kind: "instantiate" | "execute" | "query" | "response", name: string, value: unknown) => void;

const NS = 1_000_000_000n;

/** An nft `mint` of an invoice; `n` makes the document hash unique. */
function nftMint(tokenId: string, owner: string, obligor: string, n: number) {
  const issue = 1_700_000_000n * NS;
  return {
    mint: {
      token_id: tokenId,
      owner,
      token_uri: `ipfs://invoice/${tokenId}`,
      extension: {
        asset_class: "invoice",
        document_hash: n.toString(16).padStart(64, "0"),
        face_value: { denom: "uusdc", amount: "100000000" },
        issuer: owner,
        obligor,
        issue_date: issue.toString(),
        maturity: (issue + 90n * 86_400n * NS).toString(),
        jurisdiction: "DE",
        attributes: [{ key: "invoice_number", value: `INV-${tokenId}` }],
      },
    },
  };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");

export const scenarios: Record<string, Scenario> = {
  nft: {
    schema: "contracts/nft/schema/nft.json",
    instantiate: () => ({ name: "RWA", symbol: "RWA" }),
    run: async ({ owner, other, contract, check }) => {
      const mint = nftMint("inv-1", owner.address, other.address, 1);
      check("execute", "mint", mint);
      const minted = await owner.client.execute(owner.address, contract, mint, "auto");
      const wasm = minted.events.find((e) => e.type === "wasm");
      expect(Object.fromEntries(wasm!.attributes.map((a) => [a.key, a.value]))).toMatchObject({
        action: "mint",
        minter: owner.address,
        owner: owner.address,
        token_id: "inv-1",
      });
      console.log(`    nft: mint gas ${minted.gasUsed}`);

      // Only minters may mint: the contract's error reaches the client.
      const again = nftMint("inv-2", other.address, other.address, 2);
      await expect(other.client.execute(other.address, contract, again, "auto")).rejects.toThrow(/is not a minter/);

      const transfer = { transfer_nft: { recipient: other.address, token_id: "inv-1" } };
      check("execute", "transfer_nft", transfer);
      const moved = await owner.client.execute(owner.address, contract, transfer, "auto");
      console.log(`    nft: transfer_nft gas ${moved.gasUsed}`);

      const count = await owner.client.queryContractSmart(contract, { num_tokens: {} });
      check("response", "num_tokens", count);
      expect(count).toEqual({ count: 1 });
      const info = await owner.client.queryContractSmart(contract, { nft_info: { token_id: "inv-1" } });
      check("response", "nft_info", info);
      expect(info.token_uri).toBe("ipfs://invoice/inv-1");
      expect(info.extension).toMatchObject({ ...mint.mint.extension, status: "active" });
      const ownerOf = await owner.client.queryContractSmart(contract, { owner_of: { token_id: "inv-1" } });
      check("response", "owner_of", ownerOf);
      expect(ownerOf.owner).toBe(other.address);
      await expect(owner.client.queryContractSmart(contract, { nft_info: { token_id: "nope" } })).rejects.toThrow();
    },
  },
  "tranche-pool": {
    schema: "contracts/tranche-pool/schema/tranche-pool.json",
    needs: () => ({ nft: { name: "RWA", symbol: "RWA" } }),
    instantiate: ({ owner, deployed }) => ({
      currency: "uxprt",
      collections: [deployed.nft],
      manager: owner.address,
      senior_apr: "0.08",
      min_junior_ratio: "0.2",
      advance_rate: "0.8",
      grace_period: 7 * 86_400,
      public_default_delay: 30 * 86_400,
      reserve_fee_bps: 1000,
      epoch_seconds: 1,
      writeoff_grace: 0,
      writeoff_period: 90 * 86_400,
      timelock_seconds: 60,
      test_timings: true,
    }),
    run: async ({ other, contract, check }) => {
      const deposit = { deposit: { tranche: "junior" } };
      check("execute", "deposit", deposit);
      const res = await other.client.execute(other.address, contract, deposit, "auto", undefined, [{ denom: "uxprt", amount: "5000000" }]);
      console.log(`    tranche-pool: deposit gas ${res.gasUsed}`);
      const pool = await other.client.queryContractSmart(contract, { pool: {} });
      check("response", "pool", pool);
      expect(pool.reserve).toBe("0"); // a deposit order: the cash waits for the epoch close
      expect(pool.junior.pending_deposits).toBe("5000000");
      const balance = await other.client.getBalance(contract, "uxprt");
      expect(balance.amount).toBe("5000000");
    },
  },
  "liquid-staking": {
    schema: "contracts/liquid-staking/schema/liquid-staking.json",
    instantiate: ({ validators }) => ({
      name: "Staked XPRT",
      symbol: "stkXPRT",
      bond_denom: "uxprt",
      // weights in basis points summing to 10000
      validators: validators.map((address, i) => ({
        address,
        weight: Math.floor(10_000 / validators.length) + (i < 10_000 % validators.length ? 1 : 0),
      })),
      unbonding_period: 30,
    }),
    run: async ({ other, contract, check, rpc }) => {
      const bond = { bond: {} };
      check("execute", "bond", bond);
      const res = await other.client.execute(other.address, contract, bond, "auto", undefined, [{ denom: "uxprt", amount: "10000000" }]);
      console.log(`    liquid-staking: bond gas ${res.gasUsed}`);
      const state = await other.client.queryContractSmart(contract, { state: {} });
      check("response", "state", state);
      const stk = await other.client.queryContractSmart(contract, { balance: { address: other.address } });
      check("response", "balance", stk);
      expect(BigInt(stk.balance)).toBeGreaterThan(0n);
      // The contract's delegations on the chain are what it believes it delegated.
      const onChain = [...(await delegations(rpc, contract)).values()].reduce((a, b) => a + b, 0n);
      expect(onChain).toBeGreaterThan(0n);
      expect(onChain.toString()).toBe(state.delegated);
      expect(BigInt(state.delegated) + BigInt(state.buffer)).toBe(10_000_000n);
      const balance = await other.client.getBalance(contract, "uxprt");
      expect(balance.amount).toBe(state.buffer);
    },
  },
  escrow: {
    schema: "contracts/escrow/schema/escrow.json",
    needs: () => ({ nft: { name: "RWA", symbol: "RWA" } }),
    instantiate: ({ deployed }) => ({
      fee_bps: 250,
      fee_collector: FEE_COLLECTOR,
      collections: [deployed.nft],
      native_denoms: ["uxprt"],
    }),
    run: async ({ owner, other, contract, check, deployed }) => {
      const nft = deployed.nft;
      await owner.client.execute(owner.address, nft, nftMint("ask-1", owner.address, other.address, 3), "auto");
      const ask = { create_ask: { price: { asset: { native: "uxprt" }, amount: "4000000" } } };
      const listed = await owner.client.execute(owner.address, nft, { send_nft: { contract, token_id: "ask-1", msg: b64(ask) } }, "auto");
      console.log(`    escrow: send_nft + create_ask gas ${listed.gasUsed}`);
      const order = await other.client.queryContractSmart(contract, { order_for_token: { collection: nft, token_id: "ask-1" } });
      check("response", "order_for_token", order);
      expect(order).toMatchObject({ kind: "ask", maker: owner.address, price: "4000000", status: "open" });

      const sellerBefore = BigInt((await owner.client.getBalance(owner.address, "uxprt")).amount);
      const feeBefore = BigInt((await owner.client.getBalance(FEE_COLLECTOR, "uxprt")).amount);
      // The taker names the terms it saw: the order's price and the asset it pinned (escrow 0.2.0).
      const { document_hash, face_value, revision } = order.pinned;
      const terms = { price: { asset: order.asset, amount: order.price }, collection: order.collection, token_id: order.token_id, document_hash, face_value, revision };
      const accept = { accept_ask: { order_id: order.id, ...terms } };
      check("execute", "accept_ask", accept);
      const bought = await other.client.execute(other.address, contract, accept, "auto", undefined, [{ denom: "uxprt", amount: "4000000" }]);
      console.log(`    escrow: accept_ask gas ${bought.gasUsed}`);
      const owned = await other.client.queryContractSmart(nft, { owner_of: { token_id: "ask-1" } });
      expect(owned.owner).toBe(other.address);
      const settled = await other.client.queryContractSmart(contract, { order: { id: order.id } });
      check("response", "order", settled);
      expect(settled.status).toBe("settled");
      // 2.5 % fee to the collector, the rest to the seller (who paid no gas in between)
      expect(BigInt((await owner.client.getBalance(FEE_COLLECTOR, "uxprt")).amount) - feeBefore).toBe(100_000n);
      expect(BigInt((await owner.client.getBalance(owner.address, "uxprt")).amount) - sellerBefore).toBe(3_900_000n);
    },
  },
};

/** Test account 2 collects the escrow's fees. */
let FEE_COLLECTOR = "";
export async function prepareScenarios(): Promise<void> {
  [FEE_COLLECTOR] = await accounts(2, 1);
}
