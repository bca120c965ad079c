/** The OpenAI Chat Completions dialect: inbound and outbound halves. */
import type { InboundCodec, OutboundCodec } from '../codec.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { createStreamDecoder } from './decode-stream.js';
import { encodeRequest } from './encode-request.js';
import { encodeResponse } from './encode-response.js';
import { createStreamEncoder } from './encode-stream.js';
import { decodeErrorBody, encodeErrorBody } from './errors.js';
import { asArray, asRecord, asString } from '../lenient.js';

export const openaiChatInbound: InboundCodec = {
  dialect: 'openai-chat',
  decodeRequest,
  encodeResponse,
  createStreamEncoder: (request) => createStreamEncoder({ includeUsage: request.streamUsage }),
  encodeError: encodeErrorBody,
};

export const openaiChatOutbound: OutboundCodec = {
  dialect: 'openai-chat',
  encodeRequest(request, { provider, upstreamModel }) {
    const { body, warnings } = encodeRequest(request, {
      model: upstreamModel,
      streamUsage: provider.capabilities.streamUsage,
      maxTokensField: provider.definition.maxTokensField,
      cacheControl: provider.capabilities.promptCache,
    });
    return { path: '/chat/completions', body, warnings };
  },
  decodeResponse,
  createStreamDecoder,
  decodeErrorBody,
  models: {
    path: '/models',
    decode: (body) =>
      asArray(asRecord(body)?.data).flatMap((item) => {
        const record = asRecord(item);
        const model = asString(record?.id);
        return model ? [{ model, created: typeof record?.created === 'number' ? record.created : undefined }] : [];
      }),
  },
};
