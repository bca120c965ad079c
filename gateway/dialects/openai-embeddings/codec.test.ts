import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../../test/helpers/fixtures.js';
import { base64ToFloats, floatsToBase64 } from '../../core/embeddings.js';
import { decodeEmbeddingsRequest, decodeEmbeddingsResponse, encodeEmbeddingsRequest, encodeEmbeddingsResponse } from './codec.js';

describe('openai-embeddings codec', () => {
  it('round-trips both fixture requests', () => {
    for (const name of ['request-float.json', 'request-sdk-default.json']) {
      const body = fixtureJson(`openai-embeddings/${name}`);
      expect(encodeEmbeddingsRequest(decodeEmbeddingsRequest(body), String(body.model))).toEqual(body);
    }
  });

  it('passes base64 through untouched and converts between encodings when needed', () => {
    const base64 = fixtureJson('openai-embeddings/response-base64.json');
    const float = fixtureJson('openai-embeddings/response-float.json');
    expect(encodeEmbeddingsResponse(decodeEmbeddingsResponse(base64), 'base64')).toEqual(base64);
    expect(encodeEmbeddingsResponse(decodeEmbeddingsResponse(float), 'float')).toEqual(float);
    expect(encodeEmbeddingsResponse(decodeEmbeddingsResponse(float), 'base64').data).toEqual((base64.data as unknown[]));
    // base64 carries float32: decoding yields the float32 value of each number.
    const float32 = (float.data as Array<{ embedding: number[] }>).map((item) => ({ ...item, embedding: item.embedding.map(Math.fround) }));
    expect(encodeEmbeddingsResponse(decodeEmbeddingsResponse(base64), 'float').data).toEqual(float32);
  });

  it('encodes float32 little-endian', () => {
    expect(base64ToFloats(floatsToBase64([0.5, -2, 1e-3]))).toEqual([0.5, -2, Math.fround(1e-3)]);
  });

  it('validates inputs', () => {
    expect(() => decodeEmbeddingsRequest({ model: 'm', input: [] })).toThrow(/input/);
    expect(() => decodeEmbeddingsRequest({ model: 'm', input: 'x', encoding_format: 'hex' })).toThrow(/encoding_format/);
    expect(() => decodeEmbeddingsRequest({ model: 'm', input: 'x', dimensions: '4' })).toThrow(/dimensions/);
  });
});
