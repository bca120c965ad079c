/**
 * OpenTelemetry export end to end: a real gateway in front of the fault mock exports to a local OTLP/HTTP
 * collector mock. After a scripted workload (success, stream, retry then ok, fallback, failure, cancel,
 * a sampled-out client trace) the collector holds one SERVER span per request with its upstream attempts as
 * CLIENT children, GenAI attributes, errors as status ERROR, the client's traceparent continued — and none
 * of the secrets, prompts or answers. The collector's own credential comes from an env reference and never
 * reaches the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../gateway/telemetry/log.js';
import { FAULT_TEXT } from '../mocks/fault-upstream.js';
import { startOtlpCollector, type CollectedSpan, type OtlpCollector } from '../mocks/otlp-collector.js';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { CLIENT_KEY, PROVIDER_KEY } from '../helpers/harness.js';

const OTEL_TOKEN = 'Bearer otel-collector-canary-7d1e';
const PROMPT = 'canary-prompt-3f9a: what is the capital of France?';
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

let collector: OtlpCollector;
let h: FaultHarness;
let closed: Promise<void> | undefined;
const closeGateway = (): Promise<void> => (closed ??= h.close());
const logLines: string[] = [];

beforeAll(async () => {
  collector = await startOtlpCollector();
  h = await startFaultHarness({
    config: () => ({
      otel: {
        enabled: true,
        endpoint: collector.url,
        headers: { authorization: 'env:OTEL_TOKEN', 'x-scope-orgid': 'team-a' },
        serviceName: 'signalbox-test',
      },
      routes: {
        fallbacky: { maxRetries: 0, targets: [{ model: 'f1/down-a' }, { model: 'f2/steady-b' }] },
      },
    }),
    gateway: {
      env: { MOCK_PROVIDER_KEY: PROVIDER_KEY, SIGNALBOX_TEST_KEY: CLIENT_KEY, OTEL_TOKEN },
      log: createLogger('debug', (line) => void logLines.push(line)),
    },
  });
});
afterAll(async () => {
  if (h) await closeGateway();
  await collector?.close();
});

const ask = (model: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  h.post('/v1/chat/completions', chat(model, { messages: [{ role: 'user', content: PROMPT }], ...extra }), headers);

/** The request span with this request id, and its children. */
async function traceOf(requestId: string): Promise<{ request: CollectedSpan; attempts: CollectedSpan[] }> {
  const spans = await collector.waitFor((all) => all.some((span) => span.attributes['signalbox.request_id'] === requestId));
  const request = spans.find((span) => span.attributes['signalbox.request_id'] === requestId) as CollectedSpan;
  // Children arrive in the same batch as their parent (they end first).
  const attempts = spans.filter((span) => span.parentSpanId === request.spanId).sort((a, b) => Number(a.attributes['signalbox.attempt']) - Number(b.attributes['signalbox.attempt']));
  return { request, attempts };
}

const requestIdOf = (result: { headers: Headers }): string => result.headers.get('x-signalbox-request-id') as string;

describe('OpenTelemetry export', () => {
  it('exports a successful request as a SERVER span with one CLIENT child, continuing the client traceparent', async () => {
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const result = await ask('f1/plain-ok', {}, { traceparent: `00-${clientTrace}-${clientSpan}-01`, tracestate: 'vendor=opaque' });
    expect(result.status).toBe(200);
    const { request, attempts } = await traceOf(requestIdOf(result));

    expect(request).toMatchObject({ name: 'chat f1/plain-ok', kind: SERVER, traceId: clientTrace, parentSpanId: clientSpan, scope: 'signalbox' });
    expect(request.status.code).not.toBe(ERROR);
    expect(request.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'f1/plain-ok',
      'gen_ai.response.model': 'plain-ok',
      'gen_ai.provider.name': '_OTHER',
      'gen_ai.system': '_OTHER',
      'gen_ai.request.stream': false,
      'gen_ai.response.finish_reasons': ['stop'],
      'http.response.status_code': 200,
      'signalbox.request_id': requestIdOf(result),
      'signalbox.endpoint': 'openai-chat',
      'signalbox.client_key': 'test',
      'signalbox.provider': 'f1',
      'signalbox.status': 'ok',
      'signalbox.attempts': 1,
    });
    expect(request.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(request.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(typeof request.attributes['signalbox.overhead_ms']).toBe('number');
    expect(request.resource).toMatchObject({ 'service.name': 'signalbox-test', 'service.version': expect.any(String) });
    expect(BigInt(request.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(request.startTimeUnixNano));

    expect(attempts).toHaveLength(1);
    const port = Number(new URL(h.fault.url).port);
    expect(attempts[0]).toMatchObject({ name: 'chat plain-ok', kind: CLIENT, traceId: clientTrace });
    expect(attempts[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'plain-ok',
      'gen_ai.response.model': 'plain-ok',
      'server.address': '127.0.0.1',
      'server.port': port,
      'signalbox.attempt': 1,
      'signalbox.provider': 'f1',
      'gen_ai.response.finish_reasons': ['stop'],
    });
    // The attempt lies within the request.
    expect(BigInt(attempts[0]!.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(request.startTimeUnixNano));
    expect(BigInt(attempts[0]!.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(request.endTimeUnixNano));
  });

  it('starts a new trace without a traceparent, and marks first byte and time to first chunk on streams', async () => {
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat('f1/streamy', { stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] })),
    });
    expect(response.status).toBe(200);
    await response.text();
    const { request, attempts } = await traceOf(response.headers.get('x-signalbox-request-id') as string);
    expect(request.parentSpanId).toBe('');
    expect(request.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(request.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(request.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'signalbox.status': 'ok' });
    expect(request.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(request.events.map((event) => event.name)).toContain('signalbox.first_byte');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.traceId).toBe(request.traceId);
  });

  it('shows a retry as two attempts: the failed one with status, error type and decision, then the answer', async () => {
    h.fault.script('retry-me', [{ kind: 'status', status: 503 }, { kind: 'ok' }]);
    const result = await ask('f1/retry-me');
    expect(result.status).toBe(200);
    const { request, attempts } = await traceOf(requestIdOf(result));
    expect(request.attributes['signalbox.attempts']).toBe(2);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.attributes).toMatchObject({ 'http.response.status_code': 503, 'signalbox.attempt.decision': 'retry', 'error.type': expect.any(String) });
    expect(attempts[0]?.status.code).toBe(ERROR);
    expect(attempts[0]?.status.message).toBe(attempts[0]?.attributes['error.type']);
    expect(attempts[1]?.attributes).toMatchObject({ 'signalbox.attempt': 2, 'gen_ai.response.model': 'retry-me' });
    expect(attempts[1]?.status.code).not.toBe(ERROR);
    expect(request.status.code).not.toBe(ERROR);
  });

  it('shows a fallback: the route on the request span, the first target failed with decision fallback, the second answered', async () => {
    h.fault.script('down-a', [{ kind: 'status', status: 503 }]);
    const result = await ask('fallbacky');
    expect(result.status).toBe(200);
    const { request, attempts } = await traceOf(requestIdOf(result));
    expect(request.name).toBe('chat fallbacky');
    expect(request.attributes).toMatchObject({ 'gen_ai.request.model': 'fallbacky', 'signalbox.route': 'fallbacky', 'signalbox.provider': 'f2', 'gen_ai.response.model': 'steady-b' });
    expect(attempts.map((span) => span.attributes['signalbox.provider'])).toEqual(['f1', 'f2']);
    expect(attempts[0]?.attributes['signalbox.attempt.decision']).toBe('fallback');
    expect(attempts[0]?.status.code).toBe(ERROR);
  });

  it('marks a failed request with status ERROR and its error kind', async () => {
    h.fault.script('broken', [{ kind: 'status', status: 400 }]);
    const result = await ask('f1/broken');
    expect(result.status).toBeGreaterThanOrEqual(400);
    const { request, attempts } = await traceOf(requestIdOf(result));
    expect(request.status.code).toBe(ERROR);
    expect(request.attributes).toMatchObject({ 'signalbox.status': 'error', 'http.response.status_code': result.status, 'error.type': expect.any(String) });
    expect(request.status.message).toBe(request.attributes['error.type']);
    expect(request.attributes['gen_ai.response.model']).toBeUndefined();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.attributes).toMatchObject({ 'http.response.status_code': 400, 'error.type': request.attributes['error.type'] });
  });

  it('marks a request the client cancelled, without calling it a gateway error', async () => {
    h.fault.script('slow-one', [{ kind: 'hang' }]);
    const abort = new AbortController();
    const pending = fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat('f1/slow-one', { messages: [{ role: 'user', content: PROMPT }] })),
      signal: abort.signal,
    }).catch(() => undefined);
    while (h.fault.callsFor('slow-one').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    abort.abort();
    await pending;
    const spans = await collector.waitFor((all) => all.some((span) => span.kind === SERVER && span.attributes['gen_ai.request.model'] === 'f1/slow-one'));
    const request = spans.find((span) => span.kind === SERVER && span.attributes['gen_ai.request.model'] === 'f1/slow-one') as CollectedSpan;
    expect(request.attributes).toMatchObject({ 'signalbox.status': 'cancelled', 'signalbox.cancelled': true, 'error.type': 'client_cancelled' });
    expect(request.status.code).not.toBe(ERROR);
  });

  it('follows the client\'s sampled flag: a trace the client did not sample is not exported', async () => {
    const unsampled = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
    const sampled = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
    expect((await ask('f1/plain-ok', {}, { traceparent: `00-${unsampled}-1111111111111111-00` })).status).toBe(200);
    const after = await ask('f1/plain-ok', {}, { traceparent: `00-${sampled}-2222222222222222-01` });
    await traceOf(requestIdOf(after));
    expect(collector.spans.some((span) => span.traceId === sampled)).toBe(true);
    expect(collector.spans.some((span) => span.traceId === unsampled)).toBe(false);
  });

  it('sends OTLP JSON with the configured headers, and nothing secret: no keys, prompts or answers', async () => {
    // Everything above has been exported by now; flush the rest with the gateway's close.
    await closeGateway();
    expect(collector.requests.length).toBeGreaterThan(0);
    for (const request of collector.requests) {
      expect(request.path).toBe('/v1/traces');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.headers.authorization).toBe(OTEL_TOKEN);
      expect(request.headers['x-scope-orgid']).toBe('team-a');
    }
    const received = collector.everything();
    expect(received).not.toContain(PROVIDER_KEY);
    expect(received).not.toContain(CLIENT_KEY);
    expect(received).not.toContain('canary-prompt-3f9a');
    expect(received).not.toContain(FAULT_TEXT);
    expect(received).not.toContain('Once upon');
    // The collector credential is sent to the collector only: never logged.
    const logs = logLines.join('');
    expect(logs).toContain('OpenTelemetry export on');
    expect(logs).toContain('authorization');
    expect(logs).not.toContain('otel-collector-canary');
    expect(h.gateway.context.otel?.stats()).toMatchObject({ failedSpans: 0, droppedTraces: 0, queuedSpans: 0 });
  });
});
