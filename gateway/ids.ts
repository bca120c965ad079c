/**
 * Ids with a type prefix (`chatcmpl-…`, `call_…`, `sbr_…`), injected into pure code as `newId`.
 * Time-ordered (milliseconds, then a per-process sequence, then randomness): unique, sortable, and cheap
 * to index — ledger rows keyed by random ids cost several times more to insert.
 */
import { randomBytes } from 'node:crypto';

const PROCESS_TAG = randomBytes(3).toString('hex');
let sequence = 0;

export function newId(prefix: string): string {
  sequence = (sequence + 1) % 1_679_616; // 36^4
  const time = Date.now().toString(36).padStart(9, '0');
  return `${prefix}${prefix === 'chatcmpl' ? '-' : '_'}${time}${sequence.toString(36).padStart(4, '0')}${PROCESS_TAG}`;
}
