/**
 * Starts a mock upstream and a real gateway (HTTP server on an ephemeral port) wired to it, plus an
 * official `openai` SDK client pointed at the gateway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { validateConfig } from '../../gateway/config/load.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';
import { startAnthropicMock, type AnthropicMock } from '../mocks/anthropic-upstream.js';
import { startGeminiMock, type GeminiMock } from '../mocks/gemini-upstream.js';
import { startMockUpstream, type MockUpstream } from '../mocks/openai-upstream.js';

export const PROVIDER_KEY = 'mock-provider-key-0123456789';
export const CLIENT_KEY = 'sk-sb-test-client-key-abcdef';

export interface Harness {
  /** OpenAI-compatible provider (`mock`, and `oai` with a model list). */
  mock: MockUpstream;
  /** Anthropic provider (`ant`). */
  anthropic: AnthropicMock;
  /** Gemini provider (`gem`). */
  gemini: GeminiMock;
  gateway: Gateway;
  url: string;
  openai: OpenAI;
  dataDir: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra config merged over the default (providers `mock` and `oai`, one client key); may use the mock. */
  config?: Record<string, unknown> | ((mock: MockUpstream) => Record<string, unknown>);
  gateway?: Partial<GatewayOptions>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const [mock, anthropic, gemini] = await Promise.all([
    startMockUpstream({ apiKey: PROVIDER_KEY }),
    startAnthropicMock({ apiKey: PROVIDER_KEY }),
    startGeminiMock({ apiKey: PROVIDER_KEY }),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'signalbox-test-'));
  const config = validateConfig(
    {
      providers: {
        mock: { type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        oai: { type: 'openai', baseUrl: mock.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY', models: ['gpt-test', 'o3-mini', 'text-embedding-3-small'] },
        ant: { type: 'anthropic', baseUrl: anthropic.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
        gem: { type: 'gemini', baseUrl: gemini.baseUrl, apiKey: 'env:MOCK_PROVIDER_KEY' },
      },
      clientKeys: [{ name: 'test', key: 'env:SIGNALBOX_TEST_KEY' }],
      ...(typeof options.config === 'function' ? options.config(mock) : options.config),
    },
    'test config',
  );
  const gateway = await createGateway({
    config,
    dataDir,
    env: { MOCK_PROVIDER_KEY: PROVIDER_KEY, SIGNALBOX_TEST_KEY: CLIENT_KEY },
    log: silentLogger,
    uiRoot: null,
    ...options.gateway,
  });
  const { url } = await gateway.listen({ port: 0, host: '127.0.0.1' });
  const openai = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${url}/v1`, maxRetries: 0 });
  return {
    mock,
    anthropic,
    gemini,
    gateway,
    url,
    openai,
    dataDir,
    async close() {
      await gateway.close();
      await Promise.all([mock.close(), anthropic.close(), gemini.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
