/**
 * The OpenAI Responses dialect (`POST /v1/responses`, what Codex CLI and `openai.responses.*` speak):
 * inbound half. Errors have the same shape and statuses as Chat Completions, so that encoder is shared.
 */
import type { InboundCodec } from '../codec.js';
import { encodeErrorBody } from '../openai-chat/errors.js';
import { decodeRequest } from './decode-request.js';
import { encodeResponse } from './encode-response.js';
import { createStreamEncoder } from './encode-stream.js';

export const openaiResponsesInbound: InboundCodec = {
  dialect: 'openai-responses',
  decodeRequest,
  encodeResponse,
  createStreamEncoder,
  encodeError: encodeErrorBody,
};
