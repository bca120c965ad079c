import { describe, expect, it } from 'vitest';
import type { TraceBodyView } from '../../api/types';
import { bodiesFromDetail, buildReplay, replayability } from './replay-request';

const view = (body: unknown, overrides: Partial<TraceBodyView> = {}): TraceBodyView => ({ at: 1, contentType: 'application/json', bytes: 10, truncated: false, body: typeof body === 'string' ? body : JSON.stringify(body), ...overrides });

describe('replayability', () => {
  it('accepts the three playground dialects with a whole JSON request, keeping its stream flag', () => {
    expect(replayability('anthropic-messages', view({ model: 'claude-x', stream: true, messages: [] }))).toMatchObject({ ok: true, dialect: 'anthropic-messages', stream: true });
    expect(replayability('openai-responses', view({ model: 'm', input: 'hi' }))).toMatchObject({ ok: true, dialect: 'openai-responses', stream: false });
  });

  it('refuses, with a reason, Gemini and embeddings requests, missing, truncated and non-JSON bodies', () => {
    const body = view({ model: 'm' });
    expect(replayability('gemini', body)).toMatchObject({ ok: false, reason: expect.stringContaining('Gemini-dialect requests cannot be replayed') });
    expect(replayability('openai-embeddings', body)).toMatchObject({ ok: false, reason: expect.stringContaining('Embeddings requests cannot be replayed') });
    expect(replayability('openai-chat', null)).toMatchObject({ ok: false, reason: expect.stringContaining('not kept') });
    expect(replayability('openai-chat', view({ model: 'm' }, { truncated: true }))).toMatchObject({ ok: false, reason: expect.stringContaining('cut at the size limit') });
    expect(replayability('openai-chat', view('{"model":'))).toMatchObject({ ok: false, reason: expect.stringContaining('not valid JSON') });
    expect(replayability('openai-chat', view([1]))).toMatchObject({ ok: false });
    expect(replayability(null, body)).toMatchObject({ ok: false });
  });
});

describe('buildReplay', () => {
  const chat = { model: 'gpt-a', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, stream: true, stream_options: { include_usage: true } };

  it('replaces only the model and sends to the playground endpoint of the dialect', () => {
    expect(buildReplay('openai-chat', chat, ' ant/claude-x ', true)).toEqual({ path: '/admin/playground/chat/completions', body: { ...chat, model: 'ant/claude-x' } });
    expect(buildReplay('anthropic-messages', { model: 'c', max_tokens: 5, messages: [] }, 'mock/gpt-test', false)).toEqual({ path: '/admin/playground/messages', body: { model: 'mock/gpt-test', max_tokens: 5, messages: [] } });
    expect(buildReplay('openai-responses', { model: 'c', input: 'x' }, 'fast', false).path).toBe('/admin/playground/responses');
  });

  it('turns streaming off (dropping stream options) or on (asking a Chat stream for usage)', () => {
    expect(buildReplay('openai-chat', chat, 'm', false).body).toEqual({ model: 'm', messages: chat.messages, temperature: 0.2 });
    expect(buildReplay('openai-chat', { model: 'a', messages: [] }, 'm', true).body).toEqual({ model: 'm', messages: [], stream: true, stream_options: { include_usage: true } });
    expect(buildReplay('anthropic-messages', { model: 'a', messages: [] }, 'm', true).body).toEqual({ model: 'm', messages: [], stream: true });
  });

  it('does not change the original body', () => {
    const original = { model: 'a', stream: true };
    buildReplay('openai-chat', original, 'b', false);
    expect(original).toEqual({ model: 'a', stream: true });
  });
});

describe('bodiesFromDetail', () => {
  it('reads the bodies leniently, upstream attempts in order', () => {
    const bodies = bodiesFromDetail({
      summary: {},
      bodies: { retained: true, note: null, maxBodyBytes: 1024, request: view({ model: 'a' }), upstream: [{ attempt: 2, ...view('b') }, { attempt: 1, ...view('a') }, { attempt: 3 }], response: null },
    });
    expect(bodies?.retained).toBe(true);
    expect(bodies?.maxBodyBytes).toBe(1024);
    expect(bodies?.upstream.map((entry) => entry.attempt)).toEqual([1, 2]);
    expect(bodies?.response).toBeNull();
  });

  it('reads retention off, and nothing from an answer without bodies', () => {
    expect(bodiesFromDetail({ bodies: { retained: false, note: 'off', request: null, upstream: [], response: null } })).toEqual({ retained: false, note: 'off', request: null, upstream: [], response: null });
    expect(bodiesFromDetail({ events: [] })).toBeNull();
    expect(bodiesFromDetail(null)).toBeNull();
  });
});
