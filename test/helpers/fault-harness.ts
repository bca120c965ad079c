/**
 * A gateway in front of the scriptable fault mock: providers `f1` and `f2` (both the same mock server; the
 * script is per model name), `dead` (connection refused), plus whatever the test adds. Short backoffs so
 * retry tests are quick.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { validateConfig } from '../../gateway/config/load.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';
import { refusedBaseUrl, startFaultUpstream, type FaultUpstream } from '../mocks/fault-upstream.js';
import { CLIENT_KEY, PROVIDER_KEY } from './harness.js';

export interface FaultHarness {
  fault: FaultUpstream;
  gateway: Gateway;
  url: string;
  openai: OpenAI;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any; text: string }>;
  admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export interface FaultHarnessOptions {
  /** Config merged over the defaults; `providers` entries are added to f1/f2/dead. */
  config?: (fault: FaultUpstream) => Record<string, any>;
  gateway?: Partial<GatewayOptions>;
}

export async function startFaultHarness(options: FaultHarnessOptions = {}): Promise<FaultHarness> {
  const fault = await startFaultUpstream({ apiKey: PROVIDER_KEY });
  const dead = await refusedBaseUrl();
  const extra = options.config?.(fault) ?? {};
  const dataDir = mkdtempSync(join(tmpdir(), 'signalbox-fault-'));
  const provider = (baseUrl: string): Record<string, unknown> => ({ type: 'openai-compatible', baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' });
  const config = validateConfig(
    {
      clientKeys: [{ name: 'test', key: 'env:SIGNALBOX_TEST_KEY' }],
      ...extra,
      providers: { f1: provider(fault.baseUrl), f2: provider(fault.baseUrl), dead: provider(dead), ...extra.providers },
      routing: {
        ...extra.routing,
        retry: { baseDelayMs: 10, maxDelayMs: 40, ...extra.routing?.retry },
      },
    },
    'fault test config',
  );
  const gateway = await createGateway({
    config,
    dataDir,
    env: { MOCK_PROVIDER_KEY: PROVIDER_KEY, SIGNALBOX_TEST_KEY: CLIENT_KEY },
    log: silentLogger,
    uiRoot: null,
    adminToken: 'fault-admin-token',
    ...options.gateway,
  });
  const { url } = await gateway.listen({ port: 0, host: '127.0.0.1' });
  return {
    fault,
    gateway,
    url,
    openai: new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${url}/v1`, maxRetries: 0 }),
    async post(path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json, text };
    },
    async admin(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: 'Bearer fault-admin-token', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: await response.json() };
    },
    async close() {
      await gateway.close();
      await fault.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The chat body most tests send. */
export const chat = (model: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model,
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

/** Reads an SSE response body as text. */
export async function streamText(response: Response): Promise<string> {
  return await response.text();
}
