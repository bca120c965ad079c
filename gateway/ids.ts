/** Random ids with a type prefix (`chatcmpl-…`, `call_…`, `sbr_…`). Injected into pure code as `newId`. */
import { randomBytes } from 'node:crypto';

export function newId(prefix: string): string {
  return `${prefix}${prefix === 'chatcmpl' ? '-' : '_'}${randomBytes(12).toString('hex')}`;
}
