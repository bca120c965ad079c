import { describe, expect, it } from 'vitest';
import type { AttemptLogEntry } from '../routing/run-plan.js';
import type { RequestRecord } from '../store/types.js';
import { draftTrace, operationName, providerInfo, type ProviderInfo } from './otel-spans.js';
import type { TraceEvent } from './trace-events.js';

const T0 = 1_767_225_600_000;
const ID = 'sbr_test1';

function attempt(over: Partial<AttemptLogEntry>): AttemptLogEntry {
  return {
    n: 1,
    model: 'ant/claude-x',
    provider: 'ant',
    upstreamModel: 'claude-x',
    startedAt: T0 + 5,
    latencyMs: 10,
    outcome: 'ok',
    errorKind: null,
    upstreamStatus: null,
    message: null,
    decision: null,
    why: null,
    waitMs: null,
    ...over,
  };
}

function record(over: Partial<RequestRecord>): RequestRecord {
  return {
    id: ID,
    startedAt: T0,
    clientKey: 'my-ide',
    endpoint: 'anthropic-messages',
    model: 'ant/claude-x',
    route: null,
    provider: 'ant',
    upstreamModel: 'claude-x',
    stream: true,
    status: 'ok',
    httpStatus: 200,
    errorKind: null,
    attempts: 1,
    latencyMs: 100,
    firstByteMs: 15,
    upstreamMs: 95,
    usage: { inputUncached: 10, inputCacheRead: 90, inputCacheWrite: 5, outputText: 20, outputReasoning: 7 },
    usageEstimated: false,
    cost: { inputMicros: 1, cacheReadMicros: 2, cacheWriteMicros: 3, outputMicros: 4, totalMicros: 1234 },
    finishReasons: ['stop'],
    attemptLog: [attempt({})],
    ...over,
  };
}

function events(rec: RequestRecord, extra: TraceEvent[] = [], error: { kind: string; message: string; code: string | null } | null = null): TraceEvent[] {
  return [
    { type: 'received', id: ID, at: T0, endpoint: rec.endpoint, clientKey: rec.clientKey, traceparent: null, tracestate: null, userAgent: 'tool/1.0' },
    ...extra,
    { type: 'finished', id: ID, at: T0 + rec.latencyMs, record: rec, overheadMs: 5, warnings: [], error: error as never },
  ];
}

const providers: Record<string, ProviderInfo> = {
  ant: providerInfo({ type: 'anthropic', baseUrl: 'https://api.anthropic.com' }),
  oai: providerInfo({ type: 'openai', baseUrl: 'http://127.0.0.1:8080/v1' }),
};
const lookup = (id: string): ProviderInfo | undefined => providers[id];

describe('providerInfo', () => {
  it('names vendors as the metrics do (GenAI conventions where they list one), with the base URL\'s address and port', () => {
    expect(providerInfo({ type: 'anthropic', baseUrl: 'https://api.anthropic.com' })).toEqual({ system: 'anthropic', providerName: 'anthropic', address: 'api.anthropic.com', port: 443 });
    expect(providerInfo({ type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' }).providerName).toBe('gcp.gemini');
    expect(providerInfo({ type: 'mistral', baseUrl: 'https://api.mistral.ai/v1' }).providerName).toBe('mistral_ai');
    // gen_ai.system called xAI `xai`; gen_ai.provider.name calls it `x_ai`.
    expect(providerInfo({ type: 'xai', baseUrl: 'https://api.x.ai/v1' })).toMatchObject({ system: 'xai', providerName: 'x_ai' });
    expect(providerInfo({ type: 'openai-compatible', baseUrl: 'http://10.0.0.5:8000/v1' }).providerName).toBe('_OTHER');
    expect(providerInfo({ type: 'ollama', baseUrl: 'http://[::1]:11434/v1' })).toEqual({ system: 'ollama', providerName: 'ollama', address: '::1', port: 11434 });
    expect(providerInfo({ type: 'openai', baseUrl: 'http://localhost/v1' }).port).toBe(80);
  });

  it('maps endpoints to operation names', () => {
    expect(operationName('openai-embeddings')).toBe('embeddings');
    expect(operationName('openai-chat')).toBe('chat');
    expect(operationName('anthropic-messages')).toBe('chat');
  });
});

describe('draftTrace', () => {
  it('is undefined until the request finished', () => {
    expect(draftTrace(events(record({})).slice(0, 1), lookup)).toBeUndefined();
  });

  it('drafts the request span with GenAI and signalbox attributes, and the answering attempt until the end', () => {
    const rec = record({ route: 'coding' });
    const draft = draftTrace(
      events(rec, [
        { type: 'planned', id: ID, at: T0 + 1, requested: 'coding', route: 'coding', strategy: 'fallback', stream: true, attempts: [], skipped: [{ model: 'oai/gpt-x', provider: 'oai', code: 'no-tools', reason: 'no tool calling' }] },
        { type: 'attempt-started', id: ID, at: T0 + 5, n: 1, model: 'ant/claude-x', provider: 'ant', upstreamModel: 'claude-x', timeoutMs: 30_000 },
        { type: 'warnings', id: ID, at: T0 + 4, warnings: ['top_k is not an OpenAI Chat parameter; dropped'] },
        { type: 'first-byte', id: ID, at: T0 + 15, ms: 15, provider: 'ant', upstreamModel: 'claude-x' },
      ]),
      lookup,
    )!;
    expect(draft.request).toMatchObject({ name: 'chat ant/claude-x', kind: 'server', startMs: T0, endMs: T0 + 100, status: { code: 'unset' } });
    expect(draft.request.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'ant/claude-x',
      'gen_ai.response.model': 'claude-x',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.system': 'anthropic',
      'gen_ai.usage.input_tokens': 105,
      'gen_ai.usage.output_tokens': 27,
      'gen_ai.usage.cache_read.input_tokens': 90,
      'gen_ai.usage.cache_creation.input_tokens': 5,
      'gen_ai.usage.reasoning.output_tokens': 7,
      'gen_ai.request.stream': true,
      'gen_ai.response.time_to_first_chunk': 0.015,
      'signalbox.route': 'coding',
      'signalbox.route.strategy': 'fallback',
      'signalbox.client_key': 'my-ide',
      'signalbox.cost_usd': 0.001234,
      'signalbox.overhead_ms': 5,
      'signalbox.usage_estimated': false,
    });
    expect(draft.request.events.map((event) => event.name)).toEqual(['signalbox.route.skipped', 'signalbox.translation_warnings', 'signalbox.first_byte']);
    expect(draft.request.events[1]?.attributes['signalbox.warnings']).toEqual(['top_k is not an OpenAI Chat parameter; dropped']);
    expect(draft.attempts).toHaveLength(1);
    expect(draft.attempts[0]).toMatchObject({ name: 'chat claude-x', kind: 'client', startMs: T0 + 5, endMs: T0 + 100, status: { code: 'unset' } });
    expect(draft.attempts[0]?.attributes).toMatchObject({
      'server.address': 'api.anthropic.com',
      'server.port': 443,
      'signalbox.attempt.timeout_ms': 30_000,
      'signalbox.attempt.first_byte_ms': 10,
      'gen_ai.usage.output_tokens': 27,
    });
  });

  it('drafts embeddings, failed attempts ending at their failure, and skipped attempts as events', () => {
    const rec = record({
      endpoint: 'openai-embeddings',
      model: 'oai/text-embedding-3-small',
      provider: 'oai',
      upstreamModel: 'text-embedding-3-small',
      stream: false,
      attemptLog: [
        attempt({ n: 1, model: 'oai/text-embedding-3-small', provider: 'oai', upstreamModel: 'text-embedding-3-small', outcome: 'error', errorKind: 'rate_limited', upstreamStatus: 429, decision: 'retry', why: 'waiting 40 ms', waitMs: 40, latencyMs: 7, message: 'Rate limit reached for org-secretive' }),
        attempt({ n: 2, model: 'ant/claude-x', outcome: 'skipped', message: 'circuit opened meanwhile', decision: 'fallback' }),
        attempt({ n: 3, model: 'oai/text-embedding-3-small', provider: 'oai', upstreamModel: 'text-embedding-3-small', startedAt: T0 + 60 }),
      ],
    });
    const draft = draftTrace(events(rec), lookup)!;
    expect(draft.request.name).toBe('embeddings oai/text-embedding-3-small');
    expect(draft.request.attributes['gen_ai.request.stream']).toBeUndefined();
    expect(draft.request.attributes['signalbox.attempts']).toBe(2);
    expect(draft.request.events.map((event) => event.name)).toEqual(['signalbox.attempt.skipped']);
    expect(draft.attempts.map((span) => span.attributes['signalbox.attempt'])).toEqual([1, 3]);
    expect(draft.attempts[0]).toMatchObject({ name: 'embeddings text-embedding-3-small', startMs: T0 + 5, endMs: T0 + 12, status: { code: 'error', message: 'rate_limited' } });
    expect(draft.attempts[0]?.attributes).toMatchObject({ 'http.response.status_code': 429, 'error.type': 'rate_limited', 'signalbox.attempt.decision': 'retry', 'signalbox.attempt.wait_ms': 40, 'server.port': 8080 });
    // Provider messages may echo a prompt: never drafted.
    expect(JSON.stringify(draft)).not.toContain('org-secretive');
  });

  it('marks a failed request ERROR with its kind, and a failure after the first byte on the answering attempt too', () => {
    const rec = record({ status: 'error', errorKind: 'upstream_reset', httpStatus: 200 });
    const draft = draftTrace(events(rec, [], { kind: 'upstream_reset', message: 'The provider reset the connection.', code: 'mid_stream' }), lookup)!;
    expect(draft.request.status).toEqual({ code: 'error', message: 'upstream_reset' });
    expect(draft.request.attributes).toMatchObject({ 'error.type': 'upstream_reset', 'signalbox.error.code': 'mid_stream', 'signalbox.status': 'error' });
    expect(draft.attempts[0]?.status).toEqual({ code: 'error', message: 'upstream_reset' });
    expect(JSON.stringify(draft)).not.toContain('reset the connection');
  });

  it('marks a cancelled request without an error status, and one that failed before any attempt', () => {
    const cancelled = draftTrace(events(record({ status: 'cancelled', errorKind: 'client_cancelled', httpStatus: 499 })), lookup)!;
    expect(cancelled.request.status).toEqual({ code: 'unset' });
    expect(cancelled.request.attributes).toMatchObject({ 'signalbox.cancelled': true, 'error.type': 'client_cancelled' });
    expect(cancelled.attempts[0]?.attributes['signalbox.cancelled']).toBe(true);

    const refused = draftTrace(events(record({ model: '', provider: null, upstreamModel: null, status: 'error', errorKind: 'invalid_request', httpStatus: 400, usage: null, cost: null, attemptLog: [] })), lookup)!;
    expect(refused.request.name).toBe('chat');
    expect(refused.attempts).toEqual([]);
    expect(refused.request.attributes['gen_ai.provider.name']).toBeUndefined();
    expect(refused.request.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(refused.request.status).toEqual({ code: 'error', message: 'invalid_request' });
  });

  it('carries the client trace context and never the user agent or other headers', () => {
    const rec = record({});
    const list = events(rec);
    list[0] = { ...(list[0] as Extract<TraceEvent, { type: 'received' }>), traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'a=b' };
    const draft = draftTrace(list, lookup)!;
    expect(draft.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(draft.tracestate).toBe('a=b');
    expect(JSON.stringify(draft)).not.toContain('tool/1.0');
  });
});
