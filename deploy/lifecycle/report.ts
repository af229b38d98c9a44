// The demo's readable report: sections, one line per transaction (who, what, gas, tx hash),
// balance tables, and the gas of every step at the end.

export type Out = (line: string) => void;

const DECIMALS = 6;

/** 9555000000n → "9,555", 1234567n → "1.234567" (6-decimal base units, trailing zeros trimmed). */
export function amount(base: bigint): string {
  const neg = base < 0n;
  const abs = neg ? -base : base;
  const int = abs / 10n ** BigInt(DECIMALS);
  const frac = (abs % 10n ** BigInt(DECIMALS)).toString().padStart(DECIMALS, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${int.toLocaleString("en-US")}${frac ? "." + frac : ""}`;
}

export const signed = (base: bigint): string => (base > 0n ? "+" : "") + amount(base);

/** A Decimal string ("1.016", "1.0160000001") with exactly `digits` decimals (truncated). */
export function decimal(s: string, digits = 9): string {
  const [i, f = ""] = s.split(".");
  return `${i}.${f.slice(0, digits).padEnd(digits, "0")}`;
}

export interface GasEntry {
  story: string;
  actor: string;
  action: string;
  gas: number;
}

export class Report {
  readonly lines: string[] = [];
  readonly gas: GasEntry[] = [];
  private story = "";

  constructor(private readonly out: Out = () => {}) {}

  private emit(line: string): void {
    this.lines.push(line);
    this.out(line);
  }

  title(text: string): void {
    this.emit("");
    this.emit(text);
    this.emit("=".repeat(text.length));
  }

  section(story: string, text: string): void {
    this.story = story;
    this.emit("");
    this.emit(`── ${text} ${"─".repeat(Math.max(3, 96 - text.length))}`);
  }

  /** One transaction: who did what, its gas and hash. */
  tx(actor: string, action: string, detail: string, gas: number, hash: string): void {
    this.gas.push({ story: this.story, actor, action, gas });
    this.emit(`  ${actor.padEnd(10)} ${action.padEnd(24)} ${detail.padEnd(52)} gas ${gas.toLocaleString("en-US").padStart(9)}  tx ${hash.slice(0, 12)}…`);
  }

  /** Something observed (a query, a check, time passing). */
  note(text: string): void {
    this.emit(`  ${" ".repeat(10)} ${text}`);
  }

  table(head: string[], rows: string[][]): void {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => "    " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ");
    this.emit(line(head));
    for (const r of rows) this.emit(line(r));
  }

  /** Gas per step, grouped by story, with totals. */
  gasSummary(): void {
    this.title("Gas per step");
    const stories = [...new Set(this.gas.map((g) => g.story))];
    for (const s of stories) {
      const entries = this.gas.filter((g) => g.story === s);
      const total = entries.reduce((a, g) => a + g.gas, 0);
      this.emit(`  ${s} (${entries.length} transactions, ${total.toLocaleString("en-US")} gas)`);
      for (const g of entries) this.emit(`    ${`${g.actor}: ${g.action}`.padEnd(44)} ${g.gas.toLocaleString("en-US").padStart(10)}`);
    }
  }
}
