/**
 * "Replay against another model": the retained inbound body, with `model` replaced (and `stream` as the
 * original unless the user changed it), sent to the playground endpoint of the same dialect. Also reads the
 * trace detail's `bodies` leniently. Pure functions.
 */
import type { TraceBodies, TraceBodyView } from '../../api/types';
import { playgroundPath, type Dialect } from '../playground/playground-request';

const REPLAYABLE: readonly string[] = ['openai-chat', 'openai-responses', 'anthropic-messages'] satisfies Dialect[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function bodyView(value: unknown): TraceBodyView | null {
  if (!isObject(value) || typeof value.body !== 'string') return null;
  return {
    at: typeof value.at === 'number' ? value.at : 0,
    contentType: typeof value.contentType === 'string' ? value.contentType : 'application/json',
    bytes: typeof value.bytes === 'number' ? value.bytes : value.body.length,
    truncated: value.truncated === true,
    body: value.body,
  };
}

/** The `bodies` of a `/admin/traces/:id` answer, or null when it has none (an older gateway). */
export function bodiesFromDetail(detail: unknown): TraceBodies | null {
  if (!isObject(detail) || !isObject(detail.bodies)) return null;
  const bodies = detail.bodies;
  const upstream = Array.isArray(bodies.upstream)
    ? bodies.upstream.flatMap((entry: unknown) => {
        const view = bodyView(entry);
        return view && isObject(entry) ? [{ ...view, attempt: typeof entry.attempt === 'number' ? entry.attempt : 0 }] : [];
      })
    : [];
  return {
    retained: bodies.retained === true,
    note: typeof bodies.note === 'string' ? bodies.note : null,
    ...(typeof bodies.maxBodyBytes === 'number' ? { maxBodyBytes: bodies.maxBodyBytes } : {}),
    request: bodyView(bodies.request),
    upstream: upstream.sort((a, b) => a.attempt - b.attempt),
    response: bodyView(bodies.response),
  };
}

export type Replayability = { ok: true; dialect: Dialect; body: Record<string, unknown>; stream: boolean } | { ok: false; reason: string };

/** Whether a request can be replayed from the playground, and if not, why (shown on the disabled button). */
export function replayability(endpoint: string | null | undefined, request: TraceBodyView | null): Replayability {
  if (!endpoint) return { ok: false, reason: 'The request’s dialect is not known yet.' };
  if (!REPLAYABLE.includes(endpoint)) {
    const what = endpoint === 'openai-embeddings' ? 'Embeddings requests' : endpoint === 'gemini' ? 'Gemini-dialect requests' : `${endpoint} requests`;
    return { ok: false, reason: `${what} cannot be replayed: the playground speaks Chat Completions, Responses and Anthropic Messages.` };
  }
  if (!request) return { ok: false, reason: 'The inbound request body was not kept, so there is nothing to replay.' };
  if (request.truncated) return { ok: false, reason: 'The kept inbound request was cut at the size limit, so it cannot be replayed as sent.' };
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return { ok: false, reason: 'The kept inbound request is not valid JSON.' };
  }
  if (!isObject(body)) return { ok: false, reason: 'The kept inbound request is not a JSON object.' };
  return { ok: true, dialect: endpoint as Dialect, body, stream: body.stream === true };
}

export interface ReplayRequest {
  path: string;
  body: Record<string, unknown>;
}

/**
 * The replay: the original body with `model` replaced; `stream` set as asked (an OpenAI Chat stream asks
 * for usage, so the replay's tokens and cost are known; turning streaming off drops the stream options).
 */
export function buildReplay(dialect: Dialect, original: Record<string, unknown>, model: string, stream: boolean): ReplayRequest {
  const body: Record<string, unknown> = { ...original, model: model.trim() };
  if (stream) {
    body.stream = true;
    if (dialect === 'openai-chat' && original.stream !== true) body.stream_options = { include_usage: true };
  } else {
    delete body.stream;
    delete body.stream_options;
  }
  return { path: playgroundPath(dialect), body };
}
