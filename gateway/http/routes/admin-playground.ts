/**
 * The routing playground's send endpoints: the same request bodies as `/v1/chat/completions`,
 * `/v1/responses` and `/v1/messages`, answered the same way (JSON or a stream, in that dialect), but
 * authenticated with the admin token, so the UI can send without holding a client key. The request runs
 * through the real pipeline (planning, retries, fallbacks, ledger, traces: watch it live by its
 * `x-signalbox-request-id`).
 *
 * `x-signalbox-faults: <target>=<fault>[, …]` makes targets fail for this request only (`rate_limit`,
 * `server_error`, `timeout`, `cut`; target = `provider/model` as in the routing preview, or a route
 * target's model name). Injected failures never touch the circuit breakers, so real traffic is unaffected.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import type { DialectId } from '../../core/request.js';
import { anthropicInbound } from '../../dialects/anthropic-messages/index.js';
import type { InboundCodec } from '../../dialects/codec.js';
import { openaiChatInbound } from '../../dialects/openai-chat/index.js';
import { openaiResponsesInbound } from '../../dialects/openai-responses/index.js';
import { FAULTS, type Fault } from '../../routing/fault-injection.js';
import { handleGeneration } from '../generation.js';

export const FAULTS_HEADER = 'x-signalbox-faults';
const MAX_FAULTS = 16;

/** `a/b=rate_limit, c/d=cut` → a map; a clear 400 for anything else. */
export function parseFaults(header: string | string[] | undefined): Map<string, Fault> | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  const faults = new Map<string, Fault>();
  for (const item of text.split(',')) {
    const entry = item.trim();
    if (!entry) continue;
    const equals = entry.lastIndexOf('=');
    const target = entry.slice(0, equals).trim();
    const fault = entry.slice(equals + 1).trim();
    if (equals <= 0 || !target || target.length > 256 || !(FAULTS as readonly string[]).includes(fault)) {
      throw new GatewayError('invalid_request', `Invalid ${FAULTS_HEADER} entry "${entry.slice(0, 80)}": expected <provider/model>=<${FAULTS.join('|')}>.`, {
        code: 'invalid_faults',
      });
    }
    faults.set(target, fault as Fault);
  }
  if (faults.size > MAX_FAULTS) throw new GatewayError('invalid_request', `At most ${MAX_FAULTS} faults per request.`, { code: 'invalid_faults' });
  return faults.size ? faults : undefined;
}

export function registerAdminPlaygroundRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const send = (path: string, dialect: DialectId, codec: InboundCodec): void => {
    app.post(path, { config: { auth: 'admin', dialect } }, (request: FastifyRequest, reply) => {
      const faults = parseFaults(request.headers[FAULTS_HEADER]);
      return handleGeneration(codec, request, reply, gateway, { faults });
    });
  };
  send('/admin/playground/chat/completions', 'openai-chat', openaiChatInbound);
  send('/admin/playground/responses', 'openai-responses', openaiResponsesInbound);
  send('/admin/playground/messages', 'anthropic-messages', anthropicInbound);
}
