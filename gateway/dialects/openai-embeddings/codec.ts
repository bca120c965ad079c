/**
 * OpenAI Embeddings (`POST /v1/embeddings`), both halves. The official SDK asks for base64 by default and
 * decodes it as float32 LE, so the encoding the client asked for is always honoured — converting when a
 * provider answers in the other form (some OpenAI-compatible servers ignore `encoding_format`).
 * Reference: https://platform.openai.com/docs/api-reference/embeddings/create
 */
import { z } from 'zod';
import { base64ToFloats, floatsToBase64, type EmbeddingRequest, type EmbeddingResponse, type EmbeddingVector } from '../../core/embeddings.js';
import { GatewayError } from '../../core/errors.js';
import { count } from '../../core/usage.js';
import { fieldsOf, makeExtensions, unknownFields } from '../extensions.js';
import { asArray, asRecord, asString } from '../lenient.js';
import { rejectForbiddenFields } from '../forbidden-fields.js';
import { validateRequest } from '../validation.js';

const DIALECT = 'openai-embeddings';

const EmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1).max(512),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(4096),
    z.array(z.int().min(0)).min(1),
    z.array(z.array(z.int().min(0)).min(1)).min(1).max(4096),
  ]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.int().min(1).nullish(),
  user: z.string().nullish(),
});

const KNOWN = new Set(['model', 'input', 'encoding_format', 'dimensions', 'user']);

export function decodeEmbeddingsRequest(body: unknown): EmbeddingRequest {
  rejectForbiddenFields(body);
  const wire = validateRequest(EmbeddingsRequestSchema, body);
  const request: EmbeddingRequest = { model: wire.model, input: wire.input, encoding: wire.encoding_format ?? 'float' };
  if (wire.dimensions) request.dimensions = wire.dimensions;
  if (wire.user) request.user = wire.user;
  const extensions = makeExtensions(DIALECT, unknownFields(wire, KNOWN));
  if (extensions) request.extensions = extensions;
  return request;
}

export function encodeEmbeddingsRequest(request: EmbeddingRequest, model: string): Record<string, unknown> {
  const body: Record<string, unknown> = { model, input: request.input, encoding_format: request.encoding };
  if (request.dimensions) body.dimensions = request.dimensions;
  if (request.user) body.user = request.user;
  return Object.assign(body, fieldsOf(request.extensions, DIALECT));
}

export function decodeEmbeddingsResponse(body: unknown): EmbeddingResponse {
  const wire = asRecord(body);
  if (!wire) throw new GatewayError('upstream_bad_response', 'The provider answered with a body that is not a JSON object.');
  const vectors: EmbeddingVector[] = [];
  asArray(wire.data).forEach((item, position) => {
    const record = asRecord(item);
    const index = typeof record?.index === 'number' ? record.index : position;
    const embedding = record?.embedding;
    if (typeof embedding === 'string') vectors.push({ index, base64: embedding });
    else if (Array.isArray(embedding) && embedding.every((value) => typeof value === 'number')) vectors.push({ index, float: embedding });
    else throw new GatewayError('upstream_bad_response', 'The provider answered with an embedding that is neither a number array nor base64.');
  });
  const usage = asRecord(wire.usage);
  const response: EmbeddingResponse = { model: asString(wire.model) ?? '', vectors, inputTokens: count(usage?.prompt_tokens) };
  const extensions = makeExtensions(DIALECT, unknownFields(wire, new Set(['object', 'data', 'model', 'usage'])));
  if (extensions) response.extensions = extensions;
  return response;
}

export function encodeEmbeddingsResponse(response: EmbeddingResponse, encoding: 'float' | 'base64'): Record<string, unknown> {
  const data = response.vectors.map((vector) => {
    let embedding: number[] | string;
    if (encoding === 'base64') embedding = 'base64' in vector ? vector.base64 : floatsToBase64(vector.float);
    else embedding = 'float' in vector ? vector.float : base64ToFloats(vector.base64);
    return { object: 'embedding', index: vector.index, embedding };
  });
  return {
    object: 'list',
    data,
    model: response.model,
    usage: { prompt_tokens: response.inputTokens, total_tokens: response.inputTokens },
    ...fieldsOf(response.extensions, DIALECT),
  };
}
