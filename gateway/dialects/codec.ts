/**
 * The two halves every wire dialect provides. Inbound: what clients speak (decode their request, encode
 * our answer). Outbound: what providers speak (encode our request, decode their answer). N inbound + M
 * outbound halves meet at the canonical model; there are no pairwise translators.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayError } from '../core/errors.js';
import type { CanonicalRequest, DialectId } from '../core/request.js';
import type { CanonicalResponse } from '../core/response.js';
import type { StreamDecoder, StreamEncoder } from '../core/stream.js';
import type { ResolvedProvider } from '../providers/registry.js';
import type { UpstreamErrorDetails } from '../upstream/error-details.js';
import type { SseEvent } from '../upstream/sse.js';
import type { SignatureCache } from './signature-cache.js';

/** What an inbound half may read besides the body. */
export interface InboundContext {
  headers: IncomingHttpHeaders;
}

export interface InboundCodec {
  dialect: DialectId;
  decodeRequest(body: unknown, context: InboundContext): CanonicalRequest;
  /** The answer in the client's dialect; `request` is what the client asked (some dialects echo it). */
  encodeResponse(response: CanonicalResponse, request: CanonicalRequest): unknown;
  createStreamEncoder(request: CanonicalRequest): StreamEncoder;
  encodeError(error: GatewayError): unknown;
}

/** State shared by outbound halves across requests (kept by the gateway, injected). */
export interface CodecState {
  /** Provider signatures (Gemini thought signatures) remembered by tool-call id for the next turn. */
  signatures: SignatureCache;
}

export interface OutboundTarget {
  provider: ResolvedProvider;
  upstreamModel: string;
  state: CodecState;
}

export interface OutboundEncoded {
  /** Path (and query) appended to the provider's base URL. */
  path: string;
  body: unknown;
  /** Request-specific headers (e.g. `anthropic-beta`), added to the provider's own. */
  headers?: Record<string, string>;
  warnings: string[];
}

export interface DecodeContext {
  /** Fallback response id and creation time (unix seconds). */
  id: string;
  created: number;
  newToolCallId: () => string;
  state: CodecState;
}

export interface ModelListing {
  /** Path appended to the base URL, e.g. `/models`. */
  path: string;
  decode(body: unknown): Array<{ model: string; created: number | undefined }>;
}

export interface OutboundCodec {
  dialect: DialectId;
  encodeRequest(request: CanonicalRequest, target: OutboundTarget): OutboundEncoded;
  decodeResponse(body: unknown, context: DecodeContext): CanonicalResponse;
  createStreamDecoder(context: DecodeContext): StreamDecoder<SseEvent>;
  decodeErrorBody(body: unknown): UpstreamErrorDetails;
  /** How to read the provider's own model list. */
  models: ModelListing;
  /** Exact input-token counting, where the provider offers it. */
  countTokens?: {
    encode(request: CanonicalRequest, target: OutboundTarget): OutboundEncoded;
    decode(body: unknown): number | undefined;
  };
}
