// One line per deploy step: what, which contract, the result, and for transactions the gas
// used and the transaction hash.

import { TxRecord } from "./deployments";

export type Log = (line: string) => void;

export const fmtInt = (n: number | bigint): string => n.toLocaleString("en-US");

export const short = (s: string, keep = 8): string => (s.length <= 2 * keep + 1 ? s : `${s.slice(0, keep)}…${s.slice(-keep)}`);

/** A tx result of cosmjs or SimulatorClient, reduced to what the deployments file keeps. */
export function txRecord(res: { transactionHash: string; gasUsed: bigint | number; height: number }): TxRecord {
  return { txHash: res.transactionHash, gasUsed: Number(res.gasUsed), height: res.height, at: new Date().toISOString() };
}

export class Progress {
  txs = 0;
  gas = 0;

  constructor(private readonly log: Log) {}

  /** A step that sent a transaction. */
  tx(verb: string, contract: string, detail: string, tx: TxRecord): void {
    this.txs++;
    this.gas += tx.gasUsed;
    this.log(`${this.head(verb, contract)}${detail.padEnd(34)} gas ${fmtInt(tx.gasUsed).padStart(10)}  tx ${tx.txHash}`);
  }

  /** A step that needed no transaction (already done, found, or planned in a dry run). */
  note(verb: string, contract: string, detail: string): void {
    this.log(`${this.head(verb, contract)}${detail}`);
  }

  info(line: string): void {
    this.log(line);
  }

  private head(verb: string, contract: string): string {
    return `  ${verb.padEnd(12)} ${contract.padEnd(15)} `;
  }
}
