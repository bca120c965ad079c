/**
 * In-process CPU profile of the gateway's own work (no sockets to the provider): the real Fastify app
 * served through `inject`, with an upstream client that answers from memory like the bench's mock
 * (role chunk, 64 content chunks, finish, usage, [DONE]). Prints CPU µs per request for
 * streaming and non-streaming chat, so codec and pipeline changes can be compared without network noise.
 *   npx tsx test/bench/in-process.ts [iterations]
 */
import { Readable } from 'node:stream';
import { validateConfig } from '../../gateway/config/load.js';
import { createGateway } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';
import type { UpstreamClient } from '../../gateway/upstream/http-client.js';

const TOKENS = Number(process.env.TOKENS ?? 64);
const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', system_fingerprint: 'fp_x', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null })}\n\n`;
const sse = [chunk({ role: 'assistant', content: '' }), ...Array.from({ length: TOKENS }, (_, i) => chunk({ content: ` w${i}` })), chunk({}, 'stop'),
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 150, completion_tokens: 64, total_tokens: 214 } })}\n\n`, 'data: [DONE]\n\n'].map((text) => Buffer.from(text));
const json = Buffer.from(JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'w '.repeat(TOKENS) }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 150, completion_tokens: 64, total_tokens: 214 } }));

const upstream: UpstreamClient = {
  async request(call) {
    const stream = call.headers.accept === 'text/event-stream';
    const body = Readable.from(stream ? sse : [json], { objectMode: false }) as never;
    return { status: 200, headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' }, body };
  },
  async close() {},
};

const config = validateConfig({ providers: { mock: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' } }, clientKeys: [{ name: 'b', key: 'env:KEY' }] }, 'bench');
const gateway = await createGateway({ config, env: { KEY: 'sk-bench' }, upstream, log: silentLogger, uiRoot: null });
const payload = (stream: boolean) => JSON.stringify({ model: 'mock/gpt-4o-mini', stream, stream_options: stream ? { include_usage: true } : undefined, messages: [{ role: 'user', content: 'x'.repeat(600) }] });

async function measure(stream: boolean, iterations: number): Promise<number> {
  const body = payload(stream);
  const once = () => gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' }, payload: body });
  for (let i = 0; i < 300; i++) await once();
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const response = await once();
    if (response.statusCode !== 200) throw new Error(response.body);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / iterations;
}

const iterations = Number(process.argv[2] ?? 2000);
for (const stream of [false, true, false, true]) console.log(`${stream ? 'stream   ' : 'nonstream'} ${(await measure(stream, iterations)).toFixed(0)} µs CPU/request (in-process, inject)`);
await gateway.close();
