/**
 * Ready-to-paste setup for each tool, filled with this gateway's address, a model and either a real client
 * key (one created here, shown once) or a placeholder. Conventions follow README "Point your tools at it":
 * OpenAI-style tools get `<origin>/v1`, Anthropic-style ones (Claude Code, the Anthropic SDKs) the root.
 */

export type ToolGroup = 'Agents' | 'Editors' | 'SDKs' | 'Shell';

export interface ToolInfo {
  id: string;
  label: string;
  group: ToolGroup;
  /** The API it speaks to the gateway. */
  dialect: 'OpenAI Chat' | 'OpenAI Responses' | 'Anthropic Messages';
  blurb: string;
}

export const TOOLS: ToolInfo[] = [
  { id: 'claude-code', label: 'Claude Code', group: 'Agents', dialect: 'Anthropic Messages', blurb: 'Anthropic’s coding agent, with any provider’s model behind it.' },
  { id: 'codex', label: 'Codex CLI', group: 'Agents', dialect: 'OpenAI Responses', blurb: 'OpenAI’s coding agent, through a custom model provider.' },
  { id: 'aider', label: 'Aider', group: 'Agents', dialect: 'OpenAI Chat', blurb: 'Pair programming in the terminal.' },
  { id: 'cursor', label: 'Cursor', group: 'Editors', dialect: 'OpenAI Chat', blurb: 'Custom OpenAI base URL in Cursor’s model settings.' },
  { id: 'continue', label: 'Continue', group: 'Editors', dialect: 'OpenAI Chat', blurb: 'The open-source assistant for VS Code and JetBrains.' },
  { id: 'cline', label: 'Cline', group: 'Editors', dialect: 'OpenAI Chat', blurb: 'The autonomous coding agent for VS Code.' },
  { id: 'zed', label: 'Zed', group: 'Editors', dialect: 'OpenAI Chat', blurb: 'Zed’s agent panel, as an OpenAI-compatible provider.' },
  { id: 'openai-python', label: 'OpenAI SDK · Python', group: 'SDKs', dialect: 'OpenAI Chat', blurb: 'The official openai package.' },
  { id: 'openai-js', label: 'OpenAI SDK · JS', group: 'SDKs', dialect: 'OpenAI Chat', blurb: 'The official openai npm package.' },
  { id: 'anthropic-python', label: 'Anthropic SDK · Python', group: 'SDKs', dialect: 'Anthropic Messages', blurb: 'The official anthropic package.' },
  { id: 'anthropic-js', label: 'Anthropic SDK · JS', group: 'SDKs', dialect: 'Anthropic Messages', blurb: 'The official @anthropic-ai/sdk package.' },
  { id: 'vercel-ai', label: 'Vercel AI SDK', group: 'SDKs', dialect: 'OpenAI Chat', blurb: 'ai with @ai-sdk/openai-compatible (usage included).' },
  { id: 'langchain', label: 'LangChain', group: 'SDKs', dialect: 'OpenAI Chat', blurb: 'ChatOpenAI from langchain-openai.' },
  { id: 'curl', label: 'curl', group: 'Shell', dialect: 'OpenAI Chat', blurb: 'One request from the shell, to check everything works.' },
];

export interface SnippetContext {
  /** e.g. http://127.0.0.1:6464 */
  origin: string;
  model: string;
  /** The client key in clear, or null for a placeholder. */
  key: string | null;
}

export interface Snippet {
  language: 'sh' | 'toml' | 'yaml' | 'json' | 'python' | 'ts' | 'text';
  /** Where it goes: a file, a settings screen, a terminal. */
  location: string;
  code: string;
  steps?: string[];
  note?: string;
}

export const KEY_PLACEHOLDER = '<your client key>';

/** `export SIGNALBOX_KEY=…` (a real key is quoted only when it needs to be; keys are URL-safe). */
const exportKey = (key: string | null) => (key ? `export SIGNALBOX_KEY=${key}` : `export SIGNALBOX_KEY='${KEY_PLACEHOLDER}'`);
const json = (value: unknown) => JSON.stringify(value);

export function buildSnippet(toolId: string, context: SnippetContext): Snippet {
  const { origin, model } = context;
  const base = `${origin}/v1`;
  const key = context.key ?? KEY_PLACEHOLDER;
  switch (toolId) {
    case 'claude-code':
      return {
        language: 'sh',
        location: 'terminal',
        code: [exportKey(context.key), `ANTHROPIC_BASE_URL=${origin} \\`, '  ANTHROPIC_AUTH_TOKEN=$SIGNALBOX_KEY \\', `  ANTHROPIC_MODEL=${model} \\`, '  claude'].join('\n'),
        note: 'Claude Code speaks Anthropic Messages, so it gets the root URL (no /v1). Any provider’s model works; set ANTHROPIC_SMALL_FAST_MODEL too for background tasks.',
      };
    case 'codex':
      return {
        language: 'toml',
        location: '~/.codex/config.toml',
        code: [`model = ${json(model)}`, 'model_provider = "signalbox"', '', '[model_providers.signalbox]', 'name = "Signalbox"', `base_url = ${json(base)}`, 'env_key = "SIGNALBOX_KEY"', 'wire_api = "responses"'].join('\n'),
        steps: [`In your shell profile: ${exportKey(context.key)}`, 'Then run codex as usual.'],
      };
    case 'aider':
      return { language: 'sh', location: 'terminal', code: [exportKey(context.key), `aider --openai-api-base ${base} \\`, '  --openai-api-key $SIGNALBOX_KEY \\', `  --model openai/${model}`].join('\n'), note: 'The openai/ prefix tells Aider to use its OpenAI-compatible client; the rest is the Signalbox model name.' };
    case 'cursor':
      return {
        language: 'text',
        location: 'Cursor → Settings → Models',
        code: [`OpenAI API Key:            ${key}`, `Override OpenAI Base URL:  ${base}`, `Custom model name:         ${model}`].join('\n'),
        steps: ['Open Settings → Models and add the model name below with “Add model”.', 'Under API Keys, paste the key into OpenAI API Key and turn on “Override OpenAI Base URL”.', 'Click Verify, then pick the model in the chat.'],
        note: 'Some Cursor features call the base URL from Cursor’s servers, which cannot reach 127.0.0.1. If requests never appear in Traces, Cursor needs a publicly reachable URL for the gateway.',
      };
    case 'continue':
      return {
        language: 'yaml',
        location: '~/.continue/config.yaml',
        code: ['models:', '  - name: Signalbox', '    provider: openai', `    model: ${model}`, `    apiBase: ${base}`, `    apiKey: ${key}`, '    roles: [chat, edit, apply]'].join('\n'),
      };
    case 'cline':
      return {
        language: 'text',
        location: 'Cline → Settings → API Configuration',
        code: ['API Provider:  OpenAI Compatible', `Base URL:      ${base}`, `API Key:       ${key}`, `Model ID:      ${model}`].join('\n'),
      };
    case 'zed':
      return {
        language: 'json',
        location: 'Zed settings.json',
        code: JSON.stringify({ language_models: { openai_compatible: { Signalbox: { api_url: base, available_models: [{ name: model, display_name: `${model} (Signalbox)`, max_tokens: 128000 }] } } } }, null, 2),
        steps: ['Add this to settings.json (zed: open settings).', `Give Zed the key: agent: open settings → LLM Providers → Signalbox, or start Zed with SIGNALBOX_API_KEY=${key}.`],
      };
    case 'openai-python':
      return {
        language: 'python',
        location: 'Python',
        code: ['import os', 'from openai import OpenAI', '', `client = OpenAI(base_url=${json(base)}, api_key=os.environ["SIGNALBOX_KEY"])`, 'response = client.chat.completions.create(', `    model=${json(model)},`, '    messages=[{"role": "user", "content": "Hello"}],', ')', 'print(response.choices[0].message.content)'].join('\n'),
        steps: [exportKey(context.key)],
      };
    case 'openai-js':
      return {
        language: 'ts',
        location: 'TypeScript / JavaScript',
        code: ["import OpenAI from 'openai';", '', `const client = new OpenAI({ baseURL: '${base}', apiKey: process.env.SIGNALBOX_KEY });`, 'const response = await client.chat.completions.create({', `  model: '${model}',`, "  messages: [{ role: 'user', content: 'Hello' }],", '});', 'console.log(response.choices[0].message.content);'].join('\n'),
        steps: [exportKey(context.key)],
      };
    case 'anthropic-python':
      return {
        language: 'python',
        location: 'Python',
        code: ['import os', 'import anthropic', '', `client = anthropic.Anthropic(base_url=${json(origin)}, api_key=os.environ["SIGNALBOX_KEY"])`, 'message = client.messages.create(', `    model=${json(model)},`, '    max_tokens=1024,', '    messages=[{"role": "user", "content": "Hello"}],', ')', 'print(message.content[0].text)'].join('\n'),
        steps: [exportKey(context.key)],
        note: 'The Anthropic SDKs take the root URL: they add /v1/messages themselves.',
      };
    case 'anthropic-js':
      return {
        language: 'ts',
        location: 'TypeScript / JavaScript',
        code: ["import Anthropic from '@anthropic-ai/sdk';", '', `const client = new Anthropic({ baseURL: '${origin}', apiKey: process.env.SIGNALBOX_KEY });`, 'const message = await client.messages.create({', `  model: '${model}',`, '  max_tokens: 1024,', "  messages: [{ role: 'user', content: 'Hello' }],", '});', 'console.log(message.content);'].join('\n'),
        steps: [exportKey(context.key)],
        note: 'The Anthropic SDKs take the root URL: they add /v1/messages themselves.',
      };
    case 'vercel-ai':
      return {
        language: 'ts',
        location: 'TypeScript',
        code: [
          "import { createOpenAICompatible } from '@ai-sdk/openai-compatible';",
          "import { generateText } from 'ai';",
          '',
          `const signalbox = createOpenAICompatible({ name: 'signalbox', baseURL: '${base}', apiKey: process.env.SIGNALBOX_KEY, includeUsage: true });`,
          `const { text } = await generateText({ model: signalbox('${model}'), prompt: 'Hello' });`,
          'console.log(text);',
        ].join('\n'),
        steps: [exportKey(context.key)],
      };
    case 'langchain':
      return {
        language: 'python',
        location: 'Python',
        code: ['import os', 'from langchain_openai import ChatOpenAI', '', `llm = ChatOpenAI(base_url=${json(base)}, api_key=os.environ["SIGNALBOX_KEY"], model=${json(model)})`, 'print(llm.invoke("Hello").content)'].join('\n'),
        steps: [exportKey(context.key)],
      };
    default:
      return {
        language: 'sh',
        location: 'terminal',
        code: [
          exportKey(context.key),
          `curl ${base}/chat/completions \\`,
          '  -H "Authorization: Bearer $SIGNALBOX_KEY" \\',
          '  -H "Content-Type: application/json" \\',
          `  -d '${json({ model, messages: [{ role: 'user', content: 'Hello' }] })}'`,
        ].join('\n'),
      };
  }
}

/** A key name for a tool that is not taken yet: `cursor`, then `cursor-2`, `cursor-3` … */
export function uniqueKeyName(base: string, taken: readonly string[]): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, 56) || 'tool';
  if (!taken.includes(clean)) return clean;
  for (let n = 2; ; n++) if (!taken.includes(`${clean}-${n}`)) return `${clean}-${n}`;
}

/** The model the snippets start with: a route (the user's own abstraction), else a listed provider model. */
export function defaultModel(routes: readonly string[], providers: ReadonlyArray<{ id: string; models: string[] | null }>): string {
  if (routes.includes('auto')) return 'auto';
  if (routes[0]) return routes[0];
  for (const provider of providers) if (provider.models?.[0]) return `${provider.id}/${provider.models[0]}`;
  return providers[0] ? `${providers[0].id}/gpt-4o-mini` : 'oai/gpt-4o-mini';
}
