/**
 * A second, independent client implementation: the Vercel AI SDK, through its OpenAI-compatible and
 * Anthropic providers, against every provider family behind the gateway.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, jsonSchema, streamText, tool, type LanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const TEXT = 'The capital of France is Paris.';
const MODELS = {
  'openai-compatible': { text: 'mock/gpt-test', tools: 'mock/gpt-parallel' },
  anthropic: { text: 'ant/claude-text', tools: 'ant/claude-parallel' },
  gemini: { text: 'gem/gemini-text', tools: 'gem/gemini-parallel' },
} as const;

const CLIENTS: Array<{ name: string; model: (id: string) => LanguageModel }> = [
  {
    name: '@ai-sdk/openai-compatible',
    model: (id) => createOpenAICompatible({ name: 'signalbox', baseURL: `${h.url}/v1`, apiKey: CLIENT_KEY, includeUsage: true }).chatModel(id),
  },
  { name: '@ai-sdk/anthropic', model: (id) => createAnthropic({ baseURL: `${h.url}/v1`, apiKey: CLIENT_KEY })(id) },
];

const getWeather = tool({
  description: 'Weather for a city',
  inputSchema: jsonSchema<{ city: string; unit?: string }>({ type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] }),
});

describe.each(CLIENTS)('$name client', (client) => {
  describe.each(Object.entries(MODELS))('→ %s provider', (_provider, models) => {
    it('generates text with usage', async () => {
      const result = await generateText({ model: client.model(models.text), prompt: 'Capital of France?', maxOutputTokens: 512 });
      expect(result.text).toBe(TEXT);
      expect(result.finishReason).toBe('stop');
      expect(result.usage.outputTokens).toBe(9);
      expect(result.usage.inputTokens).toBeGreaterThan(0);
    });

    it('streams text', async () => {
      const result = streamText({ model: client.model(models.text), prompt: 'Capital of France?', maxOutputTokens: 512 });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      expect(text).toBe(TEXT);
      expect((await result.usage).outputTokens).toBe(9);
    });

    it('streams parallel tool calls', async () => {
      const result = streamText({ model: client.model(models.tools), prompt: 'Weather in Paris and Tokyo?', tools: { get_weather: getWeather }, maxOutputTokens: 512 });
      const calls = await result.toolCalls;
      expect(calls.map((call) => [call.toolName, call.input])).toEqual([
        ['get_weather', { city: 'Paris' }],
        ['get_weather', { city: 'Tokyo', unit: 'c' }],
      ]);
      expect(await result.finishReason).toBe('tool-calls');
    });
  });
});
