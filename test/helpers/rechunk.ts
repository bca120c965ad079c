/**
 * The adversarial re-chunking property: however a byte stream is split into reads (inside frames, inside
 * multi-byte characters, between CR and LF), decoding it gives the same result as decoding it whole.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

export function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    pieces.push(bytes.subarray(from, cut));
    from = cut;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

export function expectSameForAnySplit<T>(text: string, decode: (chunks: Buffer[]) => T, numRuns = 100): void {
  const bytes = Buffer.from(text);
  const expected = decode([bytes]);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
      expect(decode(splitAt(bytes, cuts))).toEqual(expected);
    }),
    { numRuns },
  );
}
