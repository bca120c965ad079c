/**
 * The gateway's own CPU per request, without sockets to the provider: the real Fastify app served through
 * `inject`, with upstream clients that answer from memory in each provider's wire format (OpenAI,
 * Anthropic, Gemini; 64 content tokens streamed as 64 events, like ../shared/bench's mock). Prints a table
 * for every inbound dialect × provider family, streaming and not, so the cost of translation can be
 * compared with same-dialect passthrough on the same run.
 *   npx tsx test/bench/in-process.ts [iterations]        (TOKENS=64 by default)
 */
import { Readable } from 'node:stream';
import { validateConfig } from '../../gateway/config/load.js';
import { createGateway } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';
import type { UpstreamClient, UpstreamCall } from '../../gateway/upstream/http-client.js';

const TOKENS = Number(process.env.TOKENS ?? 64);
const words = Array.from({ length: TOKENS }, (_, i) => (i ? ` w${i}` : 'w0'));
const text = words.join('');
const frame = (data: unknown, event?: string): string => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

function openaiStream(): string[] {
  const chunk = (delta: object, finish: string | null = null) =>
    frame({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'm', system_fingerprint: 'fp', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null });
  return [
    chunk({ role: 'assistant', content: '' }),
    ...words.map((word) => chunk({ content: word })),
    chunk({}, 'stop'),
    frame({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 150, completion_tokens: TOKENS, total_tokens: 150 + TOKENS } }),
    'data: [DONE]\n\n',
  ];
}

function anthropicStream(): string[] {
  const usage = { input_tokens: 150, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  return [
    frame({ type: 'message_start', message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage } }, 'message_start'),
    frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    ...words.map((word) => frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } }, 'content_block_delta')),
    frame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    frame({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: TOKENS } }, 'message_delta'),
    frame({ type: 'message_stop' }, 'message_stop'),
  ];
}

function geminiStream(): string[] {
  const usage = { promptTokenCount: 150, candidatesTokenCount: TOKENS, totalTokenCount: 150 + TOKENS };
  return [
    ...words.map((word) => frame({ candidates: [{ content: { role: 'model', parts: [{ text: word }] }, index: 0 }], usageMetadata: usage, modelVersion: 'm', responseId: 'r' })),
    frame({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, index: 0, finishReason: 'STOP' }], usageMetadata: usage, modelVersion: 'm', responseId: 'r' }),
  ];
}

const BODIES = {
  openai: { stream: openaiStream(), json: { id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 150, completion_tokens: TOKENS, total_tokens: 150 + TOKENS } } },
  anthropic: { stream: anthropicStream(), json: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 150, output_tokens: TOKENS } } },
  gemini: { stream: geminiStream(), json: { candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 150, candidatesTokenCount: TOKENS, totalTokenCount: 150 + TOKENS }, modelVersion: 'm', responseId: 'r' } },
};

function dialectOf(call: UpstreamCall): keyof typeof BODIES {
  if (call.url.includes('/v1/messages')) return 'anthropic';
  if (call.url.includes(':generateContent') || call.url.includes(':streamGenerateContent')) return 'gemini';
  return 'openai';
}

const upstream: UpstreamClient = {
  async request(call) {
    const bodies = BODIES[dialectOf(call)];
    const stream = call.headers.accept === 'text/event-stream';
    const chunks = stream ? bodies.stream.map((chunk) => Buffer.from(chunk)) : [Buffer.from(JSON.stringify(bodies.json))];
    return { status: 200, headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' }, body: Readable.from(chunks) as never };
  },
  async close() {},
};

const config = validateConfig(
  {
    providers: {
      oai: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' },
      ant: { type: 'anthropic', baseUrl: 'http://127.0.0.1:9', apiKey: 'env:KEY' },
      gem: { type: 'gemini', baseUrl: 'http://127.0.0.1:9', apiKey: 'env:KEY' },
    },
    clientKeys: [{ name: 'b', key: 'env:KEY' }],
  },
  'bench',
);
const gateway = await createGateway({ config, env: { KEY: 'sk-bench' }, upstream, log: silentLogger, uiRoot: null });

const prompt = 'x'.repeat(600);
const INBOUND = {
  'openai-chat': (model: string, stream: boolean) => ({ url: '/v1/chat/completions', body: { model, stream, ...(stream ? { stream_options: { include_usage: true } } : {}), messages: [{ role: 'user', content: prompt }] } }),
  anthropic: (model: string, stream: boolean) => ({ url: '/v1/messages', body: { model, stream, max_tokens: 1024, messages: [{ role: 'user', content: prompt }] } }),
  responses: (model: string, stream: boolean) => ({ url: '/v1/responses', body: { model, stream, input: prompt } }),
};

async function measure(inbound: keyof typeof INBOUND, model: string, stream: boolean, iterations: number): Promise<number> {
  const { url, body } = INBOUND[inbound](model, stream);
  const payload = JSON.stringify(body);
  const once = async () => {
    const response = await gateway.app.inject({ method: 'POST', url, headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' }, payload });
    if (response.statusCode !== 200) throw new Error(`${inbound} → ${model}: ${response.statusCode} ${response.body}`);
  };
  for (let i = 0; i < Math.min(200, iterations); i++) await once();
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await once();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / iterations;
}

const iterations = Number(process.argv[2] ?? 1500);
const MODELS = ['oai/m', 'ant/m', 'gem/m'];
const combos = [true, false].flatMap((stream) => (Object.keys(INBOUND) as Array<keyof typeof INBOUND>).flatMap((inbound) => MODELS.map((model) => ({ stream, inbound, model }))));
// Interleaved rounds, order rotated each round, median per cell: the box is shared and JIT warms up.
const samples = new Map<string, number[]>();
for (let round = 0; round < 3; round++) {
  for (let i = 0; i < combos.length; i++) {
    const { stream, inbound, model } = combos[(i + round * 5) % combos.length]!;
    const key = `${stream}|${inbound}|${model}`;
    samples.set(key, [...(samples.get(key) ?? []), await measure(inbound, model, stream, iterations)]);
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const rows: string[] = [];
for (const stream of [true, false]) {
  for (const inbound of Object.keys(INBOUND) as Array<keyof typeof INBOUND>) {
    const cells = MODELS.map((model) => median(samples.get(`${stream}|${inbound}|${model}`) ?? []));
    const base = cells[0] ?? 1;
    rows.push(`| ${stream ? 'stream' : 'non-stream'} | ${inbound} | ${cells.map((cell) => `${cell.toFixed(0)} µs (${(cell / base).toFixed(2)}×)`).join(' | ')} |`);
  }
}
console.log(`\nGateway CPU per request, in-process (inject, ${TOKENS} tokens, ${iterations} requests × 3, median); ratio to the OpenAI-compatible provider in the same row\n`);
console.log('| mode | client dialect | → OpenAI-compatible | → Anthropic | → Gemini |');
console.log('|---|---|---:|---:|---:|');
for (const row of rows) console.log(row);
await gateway.close();
