/** The Anthropic Messages dialect: inbound and outbound halves. */
import type { InboundCodec, OutboundCodec } from '../codec.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { createStreamDecoder } from './decode-stream.js';
import { encodeRequest } from './encode-request.js';
import { encodeResponse } from './encode-response.js';
import { createStreamEncoder } from './encode-stream.js';
import { decodeErrorBody, encodeErrorBody } from './errors.js';

export const anthropicInbound: InboundCodec = {
  dialect: 'anthropic-messages',
  decodeRequest,
  encodeResponse,
  createStreamEncoder: () => createStreamEncoder(),
  encodeError: encodeErrorBody,
};

export const anthropicOutbound: OutboundCodec = {
  dialect: 'anthropic-messages',
  encodeRequest(request, { upstreamModel, state }) {
    const { body, headers, warnings } = encodeRequest(request, upstreamModel, state.signatures);
    return { path: '/v1/messages', body, headers, warnings };
  },
  decodeResponse,
  createStreamDecoder,
  decodeErrorBody,
  countTokens: {
    encode(request, { upstreamModel, state }) {
      const { body, headers, warnings } = encodeRequest({ ...request, stream: false }, upstreamModel, state.signatures);
      // count_tokens takes the Messages body without max_tokens / stream.
      const { max_tokens: _max, stream: _stream, ...rest } = body;
      return { path: '/v1/messages/count_tokens', body: rest, headers, warnings };
    },
    decode: (body) => {
      const tokens = asRecord(body)?.input_tokens;
      return typeof tokens === 'number' ? tokens : undefined;
    },
  },
  models: {
    path: '/v1/models?limit=1000',
    decode: (body) =>
      asArray(asRecord(body)?.data).flatMap((item) => {
        const record = asRecord(item);
        const model = asString(record?.id);
        const created = Date.parse(asString(record?.created_at) ?? '');
        return model ? [{ model, created: Number.isNaN(created) ? undefined : Math.floor(created / 1000) }] : [];
      }),
  },
};
