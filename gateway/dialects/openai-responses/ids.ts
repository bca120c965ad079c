/**
 * Response and output-item ids, derived deterministically from the canonical response id so that the
 * streamed and the non-streamed answer to the same upstream reply carry the same ids, and so that the
 * codec stays pure (no randomness). Item ids also carry the output index: unique within a response.
 */

/** The id's alphanumerics without a `resp_` prefix: the stem every derived id is built on. */
export function idBase(canonicalId: string): string {
  const stem = canonicalId.startsWith('resp_') ? canonicalId.slice('resp_'.length) : canonicalId;
  return stem.replace(/[^a-zA-Z0-9]/g, '') || 'response';
}

/** A `resp_…` id is kept as the upstream gave it (Responses upstream); any other id is derived. */
export function responseIdOf(canonicalId: string): string {
  return canonicalId.startsWith('resp_') && canonicalId.length > 'resp_'.length ? canonicalId : `resp_${idBase(canonicalId)}`;
}

export type ItemPrefix = 'msg' | 'rs' | 'fc';

/** `msg_…` / `rs_…` / `fc_…` id of the output item at `outputIndex`. */
export function itemId(prefix: ItemPrefix, base: string, outputIndex: number): string {
  return `${prefix}_${base}_${outputIndex}`;
}
