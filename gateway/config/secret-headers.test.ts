import { describe, expect, it } from 'vitest';
import { isSecretHeaderName, isSecretHeaderValue, secretHeader } from './secret-headers.js';

describe('secret headers', () => {
  it('recognises credential header names, whatever their case', () => {
    for (const name of ['Authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'X-Goog-Api-Key', 'Cookie', 'x-auth-token', 'Ocp-Apim-Subscription-Key', 'x-secret', 'apikey']) {
      expect(isSecretHeaderName(name), name).toBe(true);
    }
    for (const name of ['HTTP-Referer', 'X-Title', 'anthropic-version', 'anthropic-beta', 'x-request-source', 'OpenAI-Organization', 'keyboard']) {
      expect(isSecretHeaderName(name), name).toBe(false);
    }
  });

  it('recognises credential-looking values under any name', () => {
    for (const value of ['Bearer abc', 'basic dXNlcjpwYXNz', 'sk-proj-0123456789abcdef', 'gsk_0123456789abcdefgh', 'AIzaSyA0123456789abcdefghijkl']) expect(isSecretHeaderValue(value), value).toBe(true);
    for (const value of ['https://example.com', 'Signalbox', '2023-06-01', 'sk-short']) expect(isSecretHeaderValue(value), value).toBe(false);
  });

  it('names the first offending header', () => {
    expect(secretHeader({ 'HTTP-Referer': 'https://x.dev', 'X-Api-Key': 'abc' })).toBe('X-Api-Key');
    expect(secretHeader({ 'X-Custom': 'Bearer abc' })).toBe('X-Custom');
    expect(secretHeader({ 'X-Title': 'Signalbox' })).toBeUndefined();
    expect(secretHeader(undefined)).toBeUndefined();
  });
});
