// 0.1.0 → 0.2.0. Stored tokens, approvals, operators and documents keep their layout (new
// fields are optional and read as absent). Two things change:
//  - 0.1.0's status agents were global; 0.2.0 scopes them per issuer, so migrate drops them
//    (one attribute each) and the owner re-appoints them per issuer;
//  - burned token ids become tombstones. 0.1.0 kept them only in the burned document records,
//    so those are scanned in pages: migrate does the first, `continue_migration` (anyone) the
//    rest, and minting waits until the scan is done. Ids burned and then released under 0.1.0
//    left no record and cannot be recovered (README).

import { Key } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Bound, MAX_LIMIT } from "@persistence-ts/std/storage/map";
import { fail } from "@persistence-ts/std/error";
import { Opt } from "@persistence-ts/std/types/wire";
import { Response } from "@persistence-ts/std/types/response";
import { BurnedToken, DocumentRecord } from "./msg";
import { BURNED_TOKENS, DOCUMENTS, LEGACY_STATUS_AGENTS, MIGRATION, TOKENS } from "./state";
import * as ContractError from "./error";

const DEFAULT_PAGE: i32 = 100;
const MAX_PAGE: i32 = 500;

export function migrationPending(): bool {
  return MIGRATION.exists();
}

/** The record migration from 0.1.0, inside `migrate`. */
export function migrateFrom010(res: Response): void {
  dropGlobalStatusAgents(res);
  MIGRATION.save("");
  tombstonePage(DEFAULT_PAGE, res);
}

function dropGlobalStatusAgents(res: Response): void {
  let after: Bound | null = null;
  for (;;) {
    const page = LEGACY_STATUS_AGENTS.range(after, null, Order.Ascending, MAX_LIMIT);
    for (let i = 0; i < page.length; i++) {
      LEGACY_STATUS_AGENTS.remove(page[i].key);
      res.addAttribute("dropped_status_agent", String.UTF8.decode(page[i].key.parts[0].buffer));
    }
    if (page.length < MAX_LIMIT) return;
    after = Bound.exclusive(page[page.length - 1].key);
  }
}

export function continueMigration(limit: Opt<u32> | null): Response {
  const res = new Response().addAttribute("action", "continue_migration");
  if (!migrationPending()) {
    fail(ContractError.noMigration());
    return res;
  }
  const n = limit === null ? DEFAULT_PAGE : <i32>min<u32>(limit.value, <u32>MAX_PAGE);
  if (n == 0) {
    fail(ContractError.invalidLimit(MAX_PAGE.toString()));
    return res;
  }
  tombstonePage(n, res);
  return res;
}

/**
 * Writes the tombstone of a burned document record's token id if it has none: the scan does it
 * for every record, release_document for the record it deletes (so a release before the scan
 * reaches the record loses no tombstone). An id burned and re-minted under 0.1.0 is live again:
 * it gets its tombstone when burned. Whether a tombstone was written.
 */
export function tombstoneBurnedRecord(hash: string, record: DocumentRecord): bool {
  const id = Key.str(record.token_id);
  if (!record.burned || TOKENS.has(id) || BURNED_TOKENS.has(id)) return false;
  const tomb = new BurnedToken();
  tomb.document_hash = hash;
  BURNED_TOKENS.save(id, tomb);
  return true;
}

/** Turns the burned records of the next `limit` documents into tombstones of their token ids. */
function tombstonePage(limit: i32, res: Response): void {
  const last = MIGRATION.load();
  const after: Bound | null = last.length == 0 ? null : Bound.exclusive(Key.str(last));
  const docs = DOCUMENTS.range(after, null, Order.Ascending, limit);
  let tombs = 0;
  for (let i = 0; i < docs.length; i++) {
    if (tombstoneBurnedRecord(String.UTF8.decode(docs[i].key.parts[0].buffer), docs[i].value)) tombs++;
  }
  res.addAttribute("tombstones", tombs.toString());
  if (docs.length < limit) {
    MIGRATION.remove();
    res.addAttribute("migration", "done");
  } else {
    MIGRATION.save(String.UTF8.decode(docs[docs.length - 1].key.parts[0].buffer));
    res.addAttribute("migration", "pending");
  }
}
