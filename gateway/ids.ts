/** Random ids with a type prefix (`chatcmpl-…`, `call_…`, `sbr_…`). Injected into pure code as `newId`. */
import { randomUUID } from 'node:crypto';

/** 24 hex characters from a v4 UUID (randomUUID draws from a pre-filled entropy cache: cheap per call). */
export function newId(prefix: string): string {
  const hex = randomUUID().replace(/-/g, '').slice(0, 24);
  return `${prefix}${prefix === 'chatcmpl' ? '-' : '_'}${hex}`;
}
