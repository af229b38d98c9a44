// Bad input, one case each: the error names the problem and the whole chain state is unchanged.
// One world holds a loan in every state, a queued redemption and funded tranches.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { Token, minter as cw20Minter } from "../cw20/token";
import {
  DAY,
  DENOM,
  World,
  after,
  b64,
  alice,
  attrs,
  bob,
  carol,
  closeEpoch,
  coins,
  dave,
  deployTestToken,
  fundedPool,
  hookMsg,
  manager,
  mintInvoice,
  openLoan,
  owner,
  pledge,
  sendTokens,
  snapshot,
  sme,
  sme2,
} from "./setup";
import * as ContractError from "../../contracts/tranche-pool/src/error";

let w: World;
const L = { requested: 0, approved: 0, active: 0, defaulted: 0, overdue: 0, repaid: 0, big: 0 };
const O = { request: 0, deposit: 0 };

beforeAll(() => {
  w = fundedPool();
  mintInvoice(w, "inv-req", 10_000_000n);
  L.requested = pledge(w, "inv-req", 8_000_000n);
  mintInvoice(w, "inv-appr", 10_000_000n);
  L.approved = pledge(w, "inv-appr", 8_000_000n);
  w.pool.execute(manager, { approve_loan: { loan_id: L.approved, apr: "0.1" } });
  L.active = openLoan(w, "inv-act", 5_000_000n);
  L.repaid = openLoan(w, "inv-paid", 1_000_000n);
  w.pool.execute(sme, { repay: { loan_id: L.repaid } }, coins(1_000_000));
  L.defaulted = openLoan(w, "inv-def", 2_000_000n, "0.1", 10);
  L.overdue = openLoan(w, "inv-late", 2_000_000n, "0.1", 10);
  mintInvoice(w, "inv-big", 400_000_000_000n, 200);
  L.big = pledge(w, "inv-big", 300_000_000_000n, 150);
  w.pool.execute(manager, { approve_loan: { loan_id: L.big, apr: "0.1" } });
  mintInvoice(w, "inv-eur", 10_000_000n, 120, sme, { face_value: { denom: "ueur", amount: "10000000" } });
  mintInvoice(w, "inv-fin", 10_000_000n);
  w.nft.execute(sme, { update_status: { token_id: "inv-fin", status: "financed" } });
  mintInvoice(w, "inv-free", 10_000_000n);
  mintInvoice(w, "inv-long", 10_000_000n, 5000);
  w.app.advanceTime(17 * DAY);
  w.pool.execute(manager, { mark_default: { loan_id: L.defaulted } });
  w.pool.execute(carol, { deposit: { tranche: "senior" } }, coins(1_000_000));
  closeEpoch(w); // a fresh epoch starts now
  const reserve = BigInt(w.pool.query<{ reserve: string }>({ pool: {} }).reserve);
  openLoan(w, "inv-drain", reserve - 200_000n, "0.1", 60); // 200 000 left: the reserve is short
  w.app.mint(bob, [{ denom: "uxprt", amount: "100" }]);
  O.request = Number(attrs(w.pool.execute(carol, { redeem: { tranche: "senior", shares: "500000", min_price: "0" } }), w.pool.address).request_id);
  O.deposit = Number(attrs(w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(1_000_000)), w.pool.address).order_id);
});

const request = (extra: Record<string, unknown> = {}) => ({ amount: "1000000", apr: null, maturity: after(w.app, 30 * DAY), ...extra });
const sendFails = (token: string, msg: string) => w.nft.fails(sme, { send_nft: { contract: w.pool.address, token_id: token, msg } });

describe("bad input: a clear error and no state change", () => {
  const cases: Array<[string, () => string, RegExp | string]> = [
    // lenders
    ["deposit without funds", () => w.pool.fails(bob, { deposit: { tranche: "junior" } }), ContractError.noFunds()],
    ["deposit in another denom", () => w.pool.fails(bob, { deposit: { tranche: "junior" } }, [{ denom: "uxprt", amount: "5" }]), /Must send reserve token 'uusdc'/],
    ["deposit in two denoms", () => w.pool.fails(bob, { deposit: { tranche: "junior" } }, [...coins(5), { denom: "uxprt", amount: "5" }]), /Sent more than one denomination/],
    ["deposit less than an order's minimum", () => w.pool.fails(bob, { deposit: { tranche: "junior" } }, coins(999)), ContractError.orderTooSmall("deposit", "1000", "999")],
    ["deposit beside one's own redemption order", () => w.pool.fails(carol, { deposit: { tranche: "senior" } }, coins(1_000_000)), /You have a redemption order \(\d+\) in the senior tranche: cancel it first \(cancel_redemption\) rather than order both ways/],
    ["redeem zero shares", () => w.pool.fails(alice, { redeem: { tranche: "senior", shares: "0", min_price: "0" } }), ContractError.notPositive("shares")],
    ["redeem more than held", () => w.pool.fails(alice, { redeem: { tranche: "junior", shares: "1000", min_price: "0" } }), ContractError.insufficientShares("junior", "0", "1000")],
    ["redeem less than an order's minimum", () => w.pool.fails(alice, { redeem: { tranche: "senior", shares: "999", min_price: "0" } }), ContractError.orderTooSmall("redemption", "1000", "999")],
    ["redeem with funds", () => w.pool.fails(alice, { redeem: { tranche: "senior", shares: "1", min_price: "0" } }, coins(1)), /does no accept funds/],
    ["cancel an unknown request", () => w.pool.fails(carol, { cancel_redemption: { request_id: 99 } }), ContractError.redemptionNotFound("99")],
    ["cancel another lender's request", () => w.pool.fails(alice, { cancel_redemption: { request_id: O.request } }), /Unauthorized: request \d+ belongs to another lender/],
    ["cancel an unknown deposit order", () => w.pool.fails(dave, { cancel_deposit: { order_id: 99 } }), ContractError.depositNotFound("99")],
    ["cancel another lender's deposit order", () => w.pool.fails(carol, { cancel_deposit: { order_id: O.deposit } }), /Unauthorized: deposit order \d+ belongs to another lender/],
    ["cancel a deposit order with funds", () => w.pool.fails(dave, { cancel_deposit: { order_id: O.deposit } }, coins(1)), /does no accept funds/],
    ["transfer to an invalid address", () => w.pool.fails(alice, { transfer_shares: { tranche: "senior", recipient: "cosmos1xyz", shares: "1" } }), /Invalid address `cosmos1xyz`/],
    ["transfer zero shares", () => w.pool.fails(alice, { transfer_shares: { tranche: "senior", recipient: bob, shares: "0" } }), ContractError.notPositive("shares")],
    ["process an open epoch", () => w.pool.fails(dave, { process_epoch: {} }), /Epoch \d+ is open until \d+: nothing to process yet/],
    // loan requests
    ["receive_nft from a stranger", () => w.pool.fails(sme, { receive_nft: { sender: sme, token_id: "inv-free", msg: hookMsg(request()) } }), ContractError.notAcceptedCollection(sme)],
    ["hook msg that is not JSON", () => sendFails("inv-free", Buffer.from("lend me").toString("base64")), /Error parsing into type LoanHookMsg/],
    ["hook msg with an unknown variant", () => sendFails("inv-free", Buffer.from('{"borrow":{}}').toString("base64")), /unknown variant `borrow`, expected `request_loan`/],
    ["loan above the advance rate", () => sendFails("inv-free", hookMsg(request({ amount: "8000001" }))), /Loan amount 8000001 exceeds the advance rate: at most 8000000 against a face value of 10000000/],
    ["loan of zero", () => sendFails("inv-free", hookMsg(request({ amount: "0" }))), /Invalid amount: must be greater than zero/],
    ["maturity after the collateral's", () => sendFails("inv-free", hookMsg(request({ maturity: after(w.app, 200 * DAY) }))), /the loan must mature by the collateral's maturity/],
    ["maturity beyond ten years", () => sendFails("inv-long", hookMsg(request({ maturity: after(w.app, 3651 * DAY) }))), /Invalid maturity: at most 3650 days ahead/],
    ["maturity in the past", () => sendFails("inv-free", hookMsg(request({ maturity: w.app.block.time.toString() }))), /Invalid maturity: must be after the current block time/],
    ["proposed apr above 100%", () => sendFails("inv-free", hookMsg(request({ apr: "1.5" }))), /Invalid apr: 1.5 is outside \[0, 1\]/],
    ["collateral in another currency", () => sendFails("inv-eur", hookMsg(request())), /Collateral face value is in ueur; the pool lends uusdc/],
    ["collateral already financed", () => sendFails("inv-fin", hookMsg(request())), /Collateral token inv-fin is financed: only active assets can be pledged/],
    // decisions and draws
    ["approve by a stranger", () => w.pool.fails(sme, { approve_loan: { loan_id: L.requested, apr: "0.1" } }), ContractError.notManager("approve loans")],
    ["approve an unknown loan", () => w.pool.fails(manager, { approve_loan: { loan_id: 999, apr: "0.1" } }), ContractError.loanNotFound("999")],
    ["approve twice", () => w.pool.fails(manager, { approve_loan: { loan_id: L.approved, apr: "0.1" } }), /it is approved \(must be requested\)/],
    ["approve at an apr above 100%", () => w.pool.fails(manager, { approve_loan: { loan_id: L.requested, apr: "1.01" } }), /Invalid apr: 1.01 is outside \[0, 1\]/],
    ["reject a drawn loan", () => w.pool.fails(manager, { reject_loan: { loan_id: L.active } }), /Cannot reject loan \d+: it is active \(must be requested or approved\)/],
    ["draw a requested loan", () => w.pool.fails(sme, { draw: { loan_id: L.requested } }), /it is requested \(must be approved\)/],
    ["draw by a stranger", () => w.pool.fails(sme2, { draw: { loan_id: L.approved } }), /only the borrower may draw loan/],
    ["draw more than the reserve", () => w.pool.fails(sme, { draw: { loan_id: L.big } }), /Reserve too short: \d+ lendable after what the last close owes redemption orders, 300000000000 needed/],
    // repayments and defaults
    ["repay more than the debt", () => w.pool.fails(sme, { repay: { loan_id: L.active } }, coins(6_000_000)), /Repayment of 6000000 exceeds the debt of 50\d+/],
    ["repay without funds", () => w.pool.fails(sme, { repay: { loan_id: L.active } }), ContractError.noFunds()],
    ["repay a requested loan", () => w.pool.fails(sme, { repay: { loan_id: L.requested } }, coins(1)), /Cannot repay loan \d+: it is requested \(must be active\)/],
    ["repay a defaulted loan", () => w.pool.fails(sme, { repay: { loan_id: L.defaulted } }, coins(1)), /it is defaulted \(must be active\)/],
    ["default before maturity + grace", () => w.pool.fails(manager, { mark_default: { loan_id: L.active } }), /is not overdue/],
    ["default by a stranger before the public delay", () => w.pool.fails(dave, { mark_default: { loan_id: L.overdue } }), /Only the pool manager may mark loan \d+ defaulted before/],
    ["write down with amount and percent", () => w.pool.fails(manager, { write_down: { loan_id: L.defaulted, amount: "1", percent: "0.1" } }), ContractError.writeDownNotOne()],
    ["write down with neither", () => w.pool.fails(manager, { write_down: { loan_id: L.defaulted } }), ContractError.writeDownNotOne()],
    ["write down beyond the book value", () => w.pool.fails(manager, { write_down: { loan_id: L.defaulted, amount: "3000000" } }), /Write-down of 3000000 exceeds the loan's book value of 20\d+/],
    ["write down zero", () => w.pool.fails(manager, { write_down: { loan_id: L.defaulted, amount: "0" } }), ContractError.notPositive("amount")],
    ["write down more than 100%", () => w.pool.fails(manager, { write_down: { loan_id: L.defaulted, percent: "1.1" } }), ContractError.invalidPercent("1.1")],
    ["write down a requested loan", () => w.pool.fails(manager, { write_down: { loan_id: L.requested, percent: "0.5" } }), /it is requested \(must be active or defaulted\)/],
    ["claim an active loan's collateral", () => w.pool.fails(manager, { claim_collateral: { loan_id: L.active } }), /it is active \(must be defaulted\)/],
    ["claim to an invalid recipient", () => w.pool.fails(manager, { claim_collateral: { loan_id: L.defaulted, recipient: "bob" } }), /Invalid address `bob`/],
    ["recover more than the debt", () => w.pool.fails(dave, { recover: { loan_id: L.defaulted } }, coins(3_000_000)), /Recovery of 3000000 exceeds the debt of/],
    ["recover on an active loan", () => w.pool.fails(dave, { recover: { loan_id: L.active } }, coins(1)), /it is active \(must be defaulted or written_off\)/],
    ["write off an active loan", () => w.pool.fails(manager, { write_off: { loan_id: L.active } }), /Cannot write off loan \d+: it is active \(must be defaulted\)/],
    ["write off a loan whose collateral is escrowed", () => w.pool.fails(manager, { write_off: { loan_id: L.defaulted } }), /collateral is still escrowed: claim it \(claim_collateral\) before writing the loan off/],
    ["write off by a stranger", () => w.pool.fails(sme, { write_off: { loan_id: L.defaulted } }), ContractError.notManager("write off loans")],
    ["close the recovery of a loan not written off", () => w.pool.fails(manager, { close_recovery: { loan_id: L.defaulted } }), /Cannot close the recovery of loan \d+: it is defaulted \(must be written_off\)/],
    ["close a recovery by a stranger", () => w.pool.fails(sme, { close_recovery: { loan_id: L.defaulted } }), ContractError.notManager("close recoveries")],
    ["withdraw an NFT still escrowed", () => w.pool.fails(sme, { withdraw_collateral: { loan_id: L.active } }), /The NFT of loan \d+ is escrowed, not held for withdrawal/],
    ["withdraw an NFT of an unknown loan", () => w.pool.fails(sme, { withdraw_collateral: { loan_id: 99 } }), ContractError.loanNotFound("99")],
    // administration
    ["config update by a stranger", () => w.pool.fails(manager, { update_config: { advance_rate: "0.5" } }), /Caller is not the contract's current owner/],
    ["config update out of bounds", () => w.pool.fails(owner, { update_config: { reserve_fee_bps: 9000 } }), ContractError.reserveFeeAboveLimit("9000", "2000")],
    ["config change outside the limits", () => w.pool.fails(owner, { update_config: { senior_apr: "0.5" } }), ContractError.outsideRange("senior_apr", "0.5", "0.05", "0.15")],
    ["config change by too large a step", () => w.pool.fails(owner, { update_config: { senior_apr: "0.14" } }), ContractError.stepTooLarge("senior_apr", "0.14", "0.05", "0.08")],
    ["policy loosened by too large a step", () => w.pool.fails(owner, { update_config: { writeoff_period: 3_650 * DAY } }), ContractError.loosensTooFast("writeoff_period", "315360000", "2592000", "7776000")],
    ["cancel a config change none is scheduled", () => w.pool.fails(owner, { cancel_config_change: {} }), ContractError.noConfigChange()],
    ["collection with an invalid address", () => w.pool.fails(owner, { update_collections: { add: ["nft"], remove: [] } }), /Invalid address `nft`/],
    ["allowlist update by a stranger", () => w.pool.fails(owner, { update_allowlist: { add: [bob], remove: [] } }), ContractError.notManager("manage the allowlist")],
    ["allowlist update too large", () => w.pool.fails(manager, { update_allowlist: { add: Array.from({ length: 101 }, () => bob), remove: [] } }), ContractError.tooManyAddresses("100")],
    ["pause by a stranger", () => w.pool.fails(dave, { set_paused: { paused: true } }), /Caller is not the contract's current owner/],
    ["collect fees when none are owed", () => w.pool.fails(dave, { collect_fees: {} }), ContractError.noFees()],
    ["accept ownership nobody offered", () => w.pool.fails(dave, { update_ownership: "accept_ownership" }), /There isn't a pending ownership transfer/],
    // the schema rejects these too
    ["unknown field", () => w.pool.rejects(alice, { redeem: { tranche: "senior", shares: "1", all: true, min_price: "0" } }), /unknown field `all`, expected `tranche` or `shares`|unknown field `all`/],
    ["missing field", () => w.pool.rejects(alice, { redeem: { tranche: "senior" } }), /missing field `shares`/],
    ["missing min_price", () => w.pool.rejects(alice, { redeem: { tranche: "senior", shares: "1000" } }), /missing field `min_price`/],
    ["unknown message", () => w.pool.rejects(alice, { borrow: {} }), /unknown variant `borrow`/],
    ["unknown tranche", () => w.pool.rejects(alice, { deposit: { tranche: "mezzanine" } }), /unknown variant `mezzanine`, expected `senior` or `junior`|unknown variant `mezzanine`/],
    ["shares as a number", () => w.pool.rejects(alice, { redeem: { tranche: "senior", shares: 5, min_price: "0" } }), /invalid type: integer, expected a string at `redeem.shares`/],
    ["apr that is not a decimal", () => w.pool.fails(manager, { approve_loan: { loan_id: 1, apr: "ten percent" } }), /Error parsing decimal 'ten percent'/],
  ];
  for (const [name, run, expected] of cases) {
    it(name, () => {
      const before = snapshot(w.app);
      expect(run()).toMatch(expected);
      expect(snapshot(w.app)).toBe(before);
    });
  }
});

// The currency: a CW20 pool takes its own token through the send hook and nothing else; a native
// pool takes no cw20 token. Both pools live in one chain, so the snapshot covers both (and the tokens).
describe("bad input about the currency: a clear error and no state change", () => {
  let app: App;
  let c: World; // lends the cw20 token c.token
  let n: World; // lends uusdc
  let evil: Token; // another cw20 token
  const C = { active: 0, defaulted: 0 };
  const hook = { deposit: { tranche: "junior" } };
  const tokenFails = (token: Token, to: World, msg: unknown, amount = "1000000") => token.fails(bob, { send: { contract: to.pool.address, amount, msg: b64(msg) } });

  beforeAll(() => {
    app = new App();
    c = fundedPool({}, app, "cw20");
    n = fundedPool({}, app, "native");
    evil = deployTestToken(app, "EVIL");
    evil.execute(cw20Minter, { mint: { recipient: bob, amount: "1000000000" } });
    C.active = openLoan(c, "c-act", 5_000_000n);
    C.defaulted = openLoan(c, "c-def", 2_000_000n, "0.1", 10);
    mintInvoice(c, "c-usdc", 10_000_000n, 120, sme, { face_value: { denom: DENOM, amount: "10000000" } });
    mintInvoice(n, "n-cw20", 10_000_000n, 120, sme, { face_value: { denom: c.denom, amount: "10000000" } });
    app.advanceTime(17 * DAY);
    c.pool.execute(manager, { mark_default: { loan_id: C.defaulted } });
  });

  const nativeRefused = /This pool lends the cw20 token persistence1\w+ \(native funds are not accepted\): pay with the token's send and a Cw20HookMsg as msg/;
  const cases: Array<[string, () => string, RegExp]> = [
    // a CW20 pool
    ["deposit with native funds", () => c.pool.fails(bob, { deposit: { tranche: "junior" } }, coins(5_000_000)), nativeRefused],
    ["deposit with no tokens", () => c.pool.fails(bob, { deposit: { tranche: "junior" } }), /This pool lends the cw20 token persistence1\w+ \(no tokens were sent\)/],
    ["repay with native funds", () => c.pool.fails(sme, { repay: { loan_id: C.active } }, coins(1_000)), nativeRefused],
    ["recover with native funds", () => c.pool.fails(dave, { recover: { loan_id: C.defaulted } }, coins(1_000)), nativeRefused],
    ["send of the wrong token", () => tokenFails(evil, c, hook), /Wrong token: persistence1\w+ is not the pool's currency, the cw20 token persistence1\w+/],
    ["receive forged by an account", () => c.pool.fails(bob, { receive: { sender: bob, amount: "1000000", msg: b64(hook) } }), new RegExp(`Wrong token: ${bob} is not the pool's currency`)],
    ["receive with native funds attached", () => c.pool.fails(bob, { receive: { sender: bob, amount: "1000000", msg: b64(hook) } }, coins(1)), /does no accept funds/],
    ["hook msg that is not JSON", () => c.token!.fails(bob, { send: { contract: c.pool.address, amount: "1000", msg: Buffer.from("pay me").toString("base64") } }), /Error parsing into type Cw20HookMsg/],
    ["hook msg with an unknown variant", () => tokenFails(c.token!, c, { redeem: { tranche: "junior", shares: "1", min_price: "0" } }), /unknown variant `redeem`/],
    ["repay more than the debt through send", () => tokenFails(c.token!, c, { repay: { loan_id: C.active } }, "6000000"), /Repayment of 6000000 exceeds the debt of 50\d+/],
    ["repay a defaulted loan through send", () => tokenFails(c.token!, c, { repay: { loan_id: C.defaulted } }, "1"), /it is defaulted \(must be active\)/],
    ["recover more than the debt through send", () => tokenFails(c.token!, c, { recover: { loan_id: C.defaulted } }, "3000000"), /Recovery of 3000000 exceeds the debt of/],
    ["recover on an active loan through send", () => tokenFails(c.token!, c, { recover: { loan_id: C.active } }, "1"), /it is active \(must be defaulted or written_off\)/],
    ["collateral in the native denom", () => c.nft.fails(sme, { send_nft: { contract: c.pool.address, token_id: "c-usdc", msg: hookMsg({ amount: "1000000", apr: null, maturity: after(app, 30 * DAY) }) } }), /Collateral face value is in uusdc; the pool lends cw20:persistence1\w+/],
    // a native pool
    ["cw20 tokens sent to a native pool", () => tokenFails(c.token!, n, hook), /This pool lends the native denom uusdc: cw20 tokens are not accepted \(persistence1\w+ sent some\)/],
    ["receive forged on a native pool", () => n.pool.fails(bob, { receive: { sender: bob, amount: "1000000", msg: b64(hook) } }), /This pool lends the native denom uusdc: cw20 tokens are not accepted/],
    ["collateral in a cw20 denom on a native pool", () => n.nft.fails(sme, { send_nft: { contract: n.pool.address, token_id: "n-cw20", msg: hookMsg({ amount: "1000000", apr: null, maturity: after(app, 30 * DAY) }) } }), /Collateral face value is in cw20:persistence1\w+; the pool lends uusdc/],
  ];
  for (const [name, run, expected] of cases) {
    it(name, () => {
      const before = snapshot(app);
      expect(run()).toMatch(expected);
      expect(snapshot(app)).toBe(before);
    });
  }

  it("the same payments through the right channel are accepted", () => {
    expect(() => sendTokens(c, c.token!, bob, 1_000_000, hook)).not.toThrow();
    expect(() => n.pool.execute(bob, hook, coins(1_000_000))).not.toThrow();
  });
});
