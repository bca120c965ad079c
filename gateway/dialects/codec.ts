/**
 * The two halves every wire dialect provides. Inbound: what clients speak (decode their request, encode
 * our answer). Outbound: what providers speak (encode our request, decode their answer). N inbound + M
 * outbound halves meet at the canonical model; there are no pairwise translators.
 */
import type { GatewayError } from '../core/errors.js';
import type { CanonicalRequest, DialectId } from '../core/request.js';
import type { CanonicalResponse } from '../core/response.js';
import type { StreamDecoder, StreamEncoder } from '../core/stream.js';
import type { ResolvedProvider } from '../providers/registry.js';
import type { UpstreamErrorDetails } from '../upstream/error-details.js';
import type { SseEvent } from '../upstream/sse.js';

export interface InboundCodec {
  dialect: DialectId;
  decodeRequest(body: unknown): CanonicalRequest;
  encodeResponse(response: CanonicalResponse): unknown;
  /** `includeUsage`: the client asked for usage in the stream. */
  createStreamEncoder(includeUsage: boolean): StreamEncoder;
  encodeError(error: GatewayError): unknown;
}

export interface OutboundTarget {
  provider: ResolvedProvider;
  upstreamModel: string;
}

export interface OutboundEncoded {
  /** Path appended to the provider's base URL. */
  path: string;
  body: unknown;
  warnings: string[];
}

export interface DecodeContext {
  /** Fallback response id and creation time (unix seconds). */
  id: string;
  created: number;
  newToolCallId: () => string;
}

export interface OutboundCodec {
  dialect: DialectId;
  encodeRequest(request: CanonicalRequest, target: OutboundTarget): OutboundEncoded;
  decodeResponse(body: unknown, context: DecodeContext): CanonicalResponse;
  createStreamDecoder(context: DecodeContext): StreamDecoder<SseEvent>;
  decodeErrorBody(body: unknown): UpstreamErrorDetails;
}
