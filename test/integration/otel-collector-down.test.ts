/**
 * OpenTelemetry export when the collector is not there: a closed port, or a collector that accepts the
 * connection and never answers. Requests still succeed, spans are dropped and counted instead of piling up,
 * and the gateway still closes (without waiting for the hanging export). Plus: export is off by default,
 * turned on by the standard OTEL_* variables from the env given to createGateway, and off again with
 * OTEL_SDK_DISABLED.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOtlpCollector, type OtlpCollector } from '../mocks/otlp-collector.js';
import { chat, startFaultHarness, type FaultHarness } from '../helpers/fault-harness.js';
import { CLIENT_KEY, PROVIDER_KEY } from '../helpers/harness.js';

const baseEnv = { MOCK_PROVIDER_KEY: PROVIDER_KEY, SIGNALBOX_TEST_KEY: CLIENT_KEY };

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let h: FaultHarness | undefined;
let collector: OtlpCollector | undefined;
afterEach(async () => {
  await h?.close();
  await collector?.close();
  h = undefined;
  collector = undefined;
});

describe('OpenTelemetry export with the collector down', () => {
  it('keeps serving when the collector port is closed, counting the failed export, and closes', async () => {
    const url = await closedPortUrl();
    h = await startFaultHarness({ config: () => ({ otel: { endpoint: url, timeoutMs: 500 } }) });
    for (let i = 0; i < 5; i++) expect((await h.post('/v1/chat/completions', chat('f1/model'))).status).toBe(200);
    const otel = h.gateway.context.otel!;
    await until(() => otel.stats().failedSpans > 0, 'a failed export');
    expect(otel.stats()).toMatchObject({ exportedSpans: 0, lastError: 'ECONNREFUSED' });
    // Still serving after the failure.
    expect((await h.post('/v1/chat/completions', chat('f1/model'))).status).toBe(200);
    await h.gateway.close();
  });

  it('keeps serving when the collector never answers: the export queue stays bounded, and close does not wait for the collector', async () => {
    collector = await startOtlpCollector('hang');
    h = await startFaultHarness({ config: () => ({ otel: { endpoint: collector!.url, maxQueueSize: 16, timeoutMs: 30_000 } }) });
    const statuses: number[] = [];
    // 2 spans per request: 8 requests fill one batch, which is sent and hangs; the next 8 fill the queue.
    for (let i = 0; i < 30; i++) {
      statuses.push((await h.post('/v1/chat/completions', chat('f1/model'))).status);
      if (i === 7) await until(() => collector!.held() > 0, 'the first export to hang');
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    const otel = h.gateway.context.otel!;
    await until(() => otel.stats().droppedTraces > 0, 'dropped traces');
    expect(otel.stats().queuedSpans).toBeLessThanOrEqual(16);
    expect(otel.stats().exportedSpans).toBe(0);
    await h.gateway.close();
    // The gateway closed while the collector still held the export (bounded flush, not the 30 s export timeout).
    expect(collector.held()).toBeGreaterThan(0);
    expect(otel.stats().droppedTraces).toBeGreaterThanOrEqual(30 - 16);
  });
});

describe('OpenTelemetry export configuration from the environment', () => {
  it('is off by default', async () => {
    h = await startFaultHarness();
    expect(h.gateway.context.otel).toBeUndefined();
  });

  it('is turned on by OTEL_EXPORTER_OTLP_ENDPOINT, with headers and service name from OTEL_* variables of the given env', async () => {
    collector = await startOtlpCollector();
    h = await startFaultHarness({
      gateway: {
        env: {
          ...baseEnv,
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=env-canary-1234,x-dataset=gw',
          OTEL_SERVICE_NAME: 'gw-from-env',
          OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test',
        },
      },
    });
    expect(h.gateway.context.otel).toBeDefined();
    const result = await h.post('/v1/chat/completions', chat('f1/model'));
    expect(result.status).toBe(200);
    await h.gateway.close();
    const request = collector.spans.find((span) => span.attributes['signalbox.request_id'] === result.headers.get('x-signalbox-request-id'));
    expect(request?.resource).toMatchObject({ 'service.name': 'gw-from-env', 'deployment.environment': 'test' });
    expect(collector.requests[0]?.headers).toMatchObject({ 'x-honeycomb-team': 'env-canary-1234', 'x-dataset': 'gw' });
  });

  it('stays off with OTEL_SDK_DISABLED=true even when an endpoint is set', async () => {
    collector = await startOtlpCollector();
    h = await startFaultHarness({
      config: () => ({ otel: { enabled: true, endpoint: collector!.url } }),
      gateway: { env: { ...baseEnv, OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } },
    });
    expect(h.gateway.context.otel).toBeUndefined();
    expect((await h.post('/v1/chat/completions', chat('f1/model'))).status).toBe(200);
    await h.gateway.close();
    expect(collector.requests).toHaveLength(0);
  });
});
