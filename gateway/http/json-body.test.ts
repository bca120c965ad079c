import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH, parseJsonBody } from './json-body.js';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

function failure(buffer: Buffer): GatewayError {
  try {
    parseJsonBody(buffer);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('JSON request bodies', () => {
  it('measures nesting outside strings only, with escapes', () => {
    expect(jsonDepthExceeds(Buffer.from(nested(64)), 64)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(nested(65)), 64)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ text: '[[[[[[[[[[' + '"\\"[[[['.repeat(50) })), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"\\\\","b":${nested(5)}}`), 5)).toBe(true);
  });

  it('parses UTF-8 JSON', () => {
    expect(parseJsonBody(Buffer.from('{"text":"Grüße 東京"}'))).toEqual({ text: 'Grüße 東京' });
  });

  it.each([
    ['empty', Buffer.alloc(0), 'invalid_json'],
    ['malformed', Buffer.from('{"model":'), 'invalid_json'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]), 'invalid_json'],
    ['too deep', Buffer.from(`{"x":${nested(MAX_JSON_DEPTH + 1)}}`), 'json_too_deep'],
    ['__proto__', Buffer.from('{"__proto__":{"admin":true}}'), 'invalid_json'],
    ['constructor.prototype', Buffer.from('{"constructor":{"prototype":{"admin":true}}}'), 'invalid_json'],
  ])('rejects %s bodies with a 400', (_name, buffer, code) => {
    const error = failure(buffer);
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('admin');
  });

  it('handles a 100k-deep body without recursion', () => {
    expect(failure(Buffer.from(nested(100_000))).code).toBe('json_too_deep');
  });
});
