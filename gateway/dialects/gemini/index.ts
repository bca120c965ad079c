/** The Gemini dialect (Generative Language API, v1beta): the outbound half. */
import type { OutboundCodec } from '../codec.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { decodeResponse } from './decode-response.js';
import { createStreamDecoder } from './decode-stream.js';
import { encodeRequest } from './encode-request.js';
import { decodeErrorBody } from './shared.js';

/** Model ids go in the path; `models/` prefixes are accepted either way. */
const modelPath = (model: string): string => `/v1beta/models/${encodeURIComponent(model.replace(/^models\//, ''))}`;

export const geminiOutbound: OutboundCodec = {
  dialect: 'gemini',
  encodeRequest(request, { upstreamModel, state }) {
    const { body, warnings } = encodeRequest(request, upstreamModel, state.signatures);
    const path = `${modelPath(upstreamModel)}:${request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
    return { path, body, warnings };
  },
  decodeResponse,
  createStreamDecoder,
  decodeErrorBody,
  countTokens: {
    encode(request, { upstreamModel, state }) {
      const { body, warnings } = encodeRequest({ ...request, stream: false }, upstreamModel, state.signatures);
      return { path: `${modelPath(upstreamModel)}:countTokens`, body: { generateContentRequest: { model: `models/${upstreamModel}`, ...body } }, warnings };
    },
    decode: (body) => {
      const total = asRecord(body)?.totalTokens;
      return typeof total === 'number' ? total : undefined;
    },
  },
  models: {
    path: '/v1beta/models?pageSize=1000',
    decode: (body) =>
      asArray(asRecord(body)?.models).flatMap((item) => {
        const record = asRecord(item);
        const name = asString(record?.name)?.replace(/^models\//, '');
        const methods = asArray(record?.supportedGenerationMethods);
        return name && (!methods.length || methods.includes('generateContent')) ? [{ model: name, created: undefined }] : [];
      }),
  },
};
