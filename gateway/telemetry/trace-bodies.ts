/**
 * Body capture for trace retention (opt-in `traces.bodies`): the inbound request as received (the parsed
 * JSON, re-serialized), the body sent upstream by each attempt, and the response (a non-stream's body as
 * sent; a stream's text, reasoning and tool calls accumulated, capped). Every body is redacted of every
 * known secret — provider keys and the request's own credential — and cut at `maxBytes` (flagged
 * `truncated`), then handed to the store. Headers are never captured. When retention is off no capture
 * exists at all (callers hold `undefined`), so this costs nothing.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { StreamPart } from '../core/stream.js';
import { presentedKey } from '../http/credentials.js';
import { redactSecrets } from '../secrets/redact.js';
import type { TraceBody, TraceBodyKind, TraceBodyStore } from '../store/trace-bodies.js';

export interface BodyCapture {
  /** The hook for the attempt about to be sent: stores that attempt's upstream request body. */
  upstream(): (body: string) => void;
  /** A non-streamed response body, as sent to the client. */
  response(body: string): void;
  /** A stream part sent to the client (accumulated up to the cap; stored at `end`). */
  part(part: StreamPart): void;
  /** Stores a stream's accumulated content, if any. Call once, when the request ends. */
  end(): void;
}

export interface BodyCaptureDeps {
  requestId: string;
  maxBytes: number;
  clock: () => number;
  /** Provider keys (and any other known secret values). */
  secrets: () => readonly string[];
  store: TraceBodyStore;
  /** The attempt number the next upstream call will have. */
  nextAttempt: () => number;
}

/** Secrets as they may appear inside a JSON document (escaped), besides as they are. */
function redactAll(text: string, secrets: readonly string[]): string {
  const escaped = secrets.map((secret) => JSON.stringify(secret).slice(1, -1)).filter((value, index) => value !== secrets[index]);
  return redactSecrets(redactSecrets(text, secrets), escaped);
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): { text: string; bytes: number; truncated: boolean } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, bytes, truncated: false };
  const buffer = Buffer.from(text, 'utf8');
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((buffer[end] as number) & 0xc0) === 0x80) end--;
  return { text: buffer.subarray(0, end).toString('utf8'), bytes, truncated: true };
}

/** Redacts, then caps. Text far beyond the cap is cut first (cheaply) so huge bodies are not scanned whole. */
export function prepareBody(text: string, maxBytes: number, secrets: readonly string[]): { text: string; bytes: number; truncated: boolean } {
  const bytes = Buffer.byteLength(text, 'utf8');
  // Every character is at least one byte: maxBytes + margin characters hold the kept part, and the margin
  // keeps a secret that straddles the cut whole so it is still found.
  const margin = 1024;
  const head = text.length > maxBytes + margin ? text.slice(0, maxBytes + margin) : text;
  const cut = truncateUtf8(redactAll(head, secrets), maxBytes);
  return { text: cut.text, bytes, truncated: cut.truncated || head.length < text.length };
}

interface StreamChoice {
  index: number;
  text: string;
  reasoning: string;
  refusal: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | null;
}

/** A stream's content, accumulated per choice up to a character budget. */
function streamAccumulator(budget: number) {
  const choices = new Map<number, StreamChoice>();
  let used = 0;
  let cut = false;
  let error: string | null = null;
  const choice = (index: number): StreamChoice => {
    let found = choices.get(index);
    if (!found) choices.set(index, (found = { index, text: '', reasoning: '', refusal: '', toolCalls: [], finishReason: null }));
    return found;
  };
  /** How much of `text` still fits. */
  const take = (text: string): string => {
    if (used >= budget) {
      cut ||= text.length > 0;
      return '';
    }
    const kept = text.length + used > budget ? text.slice(0, budget - used) : text;
    if (kept.length < text.length) cut = true;
    used += kept.length;
    return kept;
  };
  return {
    seen: () => choices.size > 0 || error !== null,
    push(part: StreamPart): void {
      switch (part.type) {
        case 'text-delta':
          choice(part.choice).text += take(part.text);
          break;
        case 'reasoning-delta':
          choice(part.choice).reasoning += take(part.text);
          break;
        case 'refusal-delta':
          choice(part.choice).refusal += take(part.text);
          break;
        case 'tool-input-start':
          choice(part.choice).toolCalls[part.index] = { id: part.id, name: part.name, arguments: '' };
          break;
        case 'tool-input-delta': {
          const call = choice(part.choice).toolCalls[part.index];
          if (call) call.arguments += take(part.delta);
          break;
        }
        case 'finish':
          choice(part.choice).finishReason = part.reason.unified;
          break;
        case 'error':
          error = part.error.message;
          break;
        default:
          break;
      }
    },
    /** The content as JSON within `budget` bytes where possible (every string shortened alike), so it stays valid JSON. */
    json(): { json: string; truncated: boolean } {
      const sorted = [...choices.values()].sort((a, b) => a.index - b.index);
      let json = '';
      let scale = 1;
      let truncated = cut;
      for (let round = 0; round < 4; round++) {
        const shorten = (text: string): string => (scale < 1 ? text.slice(0, Math.floor(text.length * scale)) : text);
        const shown = sorted.map((entry) => ({
          ...entry,
          text: shorten(entry.text),
          reasoning: shorten(entry.reasoning),
          refusal: shorten(entry.refusal),
          toolCalls: entry.toolCalls.map((call) => ({ ...call, arguments: shorten(call.arguments) })),
        }));
        truncated = cut || scale < 1;
        json = JSON.stringify({ stream: true, choices: shown, error, truncated });
        const bytes = Buffer.byteLength(json, 'utf8');
        if (bytes <= budget) break;
        scale *= (budget / bytes) * 0.9;
      }
      return { json, truncated };
    },
  };
}

/**
 * A capture for one request: stores the inbound body at once. `inbound` is the Fastify request (its parsed
 * body and headers: the headers only to learn the request's own credential, which is redacted too).
 */
export function captureBodies(deps: BodyCaptureDeps, inbound: { body: unknown; headers: IncomingHttpHeaders }): BodyCapture {
  const presented = presentedKey(inbound.headers);
  const own = presented.ok ? [presented.key] : [];
  const secrets = (): readonly string[] => [...deps.secrets(), ...own];
  let stream: ReturnType<typeof streamAccumulator> | undefined;
  let ended = false;

  /** `cut`: the text is already a shortened form (a stream's accumulated content). */
  const put = (kind: TraceBodyKind, attempt: number, text: string, cut = false): void => {
    try {
      const prepared = prepareBody(text, deps.maxBytes, secrets());
      const body: TraceBody = {
        requestId: deps.requestId,
        kind,
        attempt,
        at: deps.clock(),
        contentType: 'application/json',
        body: prepared.text,
        bytes: prepared.bytes,
        truncated: prepared.truncated || cut,
      };
      deps.store.put(body);
    } catch {
      // capturing a body must never fail the request
    }
  };

  if (inbound.body !== undefined) {
    let text: string | undefined;
    try {
      text = JSON.stringify(inbound.body);
    } catch {
      text = undefined;
    }
    if (text !== undefined) put('request', 0, text);
  }

  return {
    upstream() {
      const n = deps.nextAttempt();
      return (body) => put('upstream', n, body);
    },
    response(body) {
      put('response', 0, body);
    },
    part(part) {
      stream ??= streamAccumulator(deps.maxBytes);
      stream.push(part);
    },
    end() {
      if (ended) return;
      ended = true;
      if (!stream?.seen()) return;
      const { json, truncated } = stream.json();
      put('response', 0, json, truncated);
    },
  };
}
