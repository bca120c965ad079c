/**
 * The only body parser: `application/json` (UTF-8) and nothing else. Invalid UTF-8, JSON deeper than the
 * limit and prototype-poisoning keys are refused before any handler runs; every other content type is a
 * 415, so a cross-site "simple request" (text/plain, forms) can never reach a handler.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { GatewayError } from '../core/errors.js';

export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when objects/arrays nest deeper than `max`. Skips string contents with native indexOf. */
export function jsonDepthExceeds(buffer: Buffer, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < buffer.length; i++) {
    const byte = buffer[i];
    if (byte === QUOTE) {
      // jump to the closing quote: one not preceded by an odd number of backslashes
      for (;;) {
        i = buffer.indexOf(QUOTE, i + 1);
        if (i === -1) return false;
        let slashes = 0;
        for (let j = i - 1; buffer[j] === BACKSLASH; j--) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > max) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return false;
}

export function parseJsonBody(buffer: Buffer): unknown {
  if (buffer.length === 0) throw new GatewayError('invalid_json', 'The request body is empty; send a JSON object.', { code: 'invalid_json' });
  if (!isUtf8(buffer)) throw new GatewayError('invalid_json', 'The request body is not valid UTF-8.', { code: 'invalid_json' });
  if (jsonDepthExceeds(buffer, MAX_JSON_DEPTH)) {
    throw new GatewayError('invalid_json', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, { code: 'json_too_deep' });
  }
  try {
    return secureJson.parse(buffer.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new GatewayError('invalid_json', 'We could not parse the JSON body of your request.', { code: 'invalid_json' });
  }
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = /;\s*charset=([^;\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.replace(/"/g, '').toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      done(new GatewayError('unsupported_media_type', `Unsupported charset "${charset}": send UTF-8 JSON.`, { code: 'unsupported_media_type' }), undefined);
      return;
    }
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('*', (request, _payload, done) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim() || 'none';
    done(new GatewayError('unsupported_media_type', `Unsupported content type "${type}": send application/json.`, { code: 'unsupported_media_type' }), undefined);
  });
}
