import { describe, expect, it } from 'vitest';
import { buildSnippet, defaultModel, KEY_PLACEHOLDER, TOOLS, uniqueKeyName } from './snippets';

const origin = 'http://127.0.0.1:6464';

describe('connect snippets', () => {
  it('cover every tool the issue names, each filled with the address and the model', () => {
    expect(TOOLS.map((tool) => tool.id)).toEqual(['claude-code', 'codex', 'aider', 'cursor', 'continue', 'cline', 'zed', 'openai-python', 'openai-js', 'anthropic-python', 'anthropic-js', 'vercel-ai', 'langchain', 'curl']);
    for (const tool of TOOLS) {
      const snippet = buildSnippet(tool.id, { origin, model: 'oai/gpt-4o', key: null });
      expect(snippet.code + (snippet.steps ?? []).join('\n'), tool.id).toContain(origin);
      expect(snippet.code, tool.id).toContain('oai/gpt-4o');
    }
  });

  it('give Anthropic clients the root and OpenAI clients /v1', () => {
    expect(buildSnippet('claude-code', { origin, model: 'gem/gemini-2.5-pro', key: null }).code).toContain(`ANTHROPIC_BASE_URL=${origin} \\`);
    expect(buildSnippet('anthropic-python', { origin, model: 'm', key: null }).code).toContain(`base_url="${origin}"`);
    expect(buildSnippet('anthropic-js', { origin, model: 'm', key: null }).code).toContain(`baseURL: '${origin}'`);
    expect(buildSnippet('openai-js', { origin, model: 'm', key: null }).code).toContain(`baseURL: '${origin}/v1'`);
    expect(buildSnippet('codex', { origin, model: 'm', key: null }).code).toContain('wire_api = "responses"');
    expect(buildSnippet('aider', { origin, model: 'oai/gpt-4o', key: null }).code).toContain('--model openai/oai/gpt-4o');
    expect(buildSnippet('vercel-ai', { origin, model: 'm', key: null }).code).toContain('includeUsage: true');
  });

  it('carry a real key when there is one, a placeholder otherwise', () => {
    const withKey = buildSnippet('curl', { origin, model: 'mock/gpt-test', key: 'sk-sb-abc_def' });
    expect(withKey.code.split('\n')[0]).toBe('export SIGNALBOX_KEY=sk-sb-abc_def');
    expect(withKey.code).toContain(`curl ${origin}/v1/chat/completions`);
    expect(withKey.code).toContain(`-d '{"model":"mock/gpt-test","messages":[{"role":"user","content":"Hello"}]}'`);
    expect(buildSnippet('cline', { origin, model: 'm', key: null }).code).toContain(KEY_PLACEHOLDER);
    expect(buildSnippet('continue', { origin, model: 'm', key: 'sk-sb-1' }).code).toContain('apiKey: sk-sb-1');
    expect(JSON.parse(buildSnippet('zed', { origin, model: 'm', key: null }).code).language_models.openai_compatible.Signalbox.api_url).toBe(`${origin}/v1`);
  });

  it('name keys after the tool without clashing, and start from a sensible model', () => {
    expect(uniqueKeyName('claude-code', [])).toBe('claude-code');
    expect(uniqueKeyName('claude-code', ['claude-code', 'claude-code-2'])).toBe('claude-code-3');
    expect(uniqueKeyName('OpenAI SDK · JS', [])).toBe('openai-sdk-js');
    expect(defaultModel(['fast', 'auto'], [])).toBe('auto');
    expect(defaultModel(['fast'], [])).toBe('fast');
    expect(defaultModel([], [{ id: 'oai', models: ['gpt-4o'] }])).toBe('oai/gpt-4o');
    expect(defaultModel([], [{ id: 'ant', models: null }])).toBe('ant/gpt-4o-mini');
  });
});
