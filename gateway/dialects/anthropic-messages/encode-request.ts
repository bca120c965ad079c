/**
 * Outbound half, request: CanonicalRequest → Anthropic Messages body and headers. Same-dialect traffic
 * keeps the client's own thinking/tool_choice/extra fields and `anthropic-beta`; translated traffic gets
 * the Anthropic equivalents (wire-formats.md §7.5, §7.9) and a warning for whatever has none.
 */
import type { CanonicalRequest, ReasoningEffort, Tool, ToolChoice } from '../../core/request.js';
import { fieldsOf, hintOf } from '../extensions.js';
import type { SignatureCache } from '../signature-cache.js';
import { encodeMessages } from './encode-messages.js';
import { cacheToWire, DIALECT } from './shared.js';

type Body = Record<string, unknown>;

/** Claude 3 (not 3.5+) models cap output at 4096 tokens; later ones allow at least 8192. */
export function defaultMaxTokens(model: string): number {
  return /claude-3-(haiku|sonnet|opus)-20\d{6}/.test(model) ? 4096 : 8192;
}

const EFFORT_BUDGET: Record<ReasoningEffort, number> = { none: 0, minimal: 1024, low: 1024, medium: 4096, high: 16384, xhigh: 32768 };

function encodeTools(tools: Tool[], warnings: string[]): Body[] {
  const out: Body[] = [];
  for (const tool of tools) {
    if (tool.type === 'dialect') {
      if (tool.dialect === DIALECT) out.push(tool.raw as Body);
      else warnings.push(`dropped a ${tool.dialect} tool Anthropic cannot express`);
      continue;
    }
    const schema = tool.parameters ?? { type: 'object', properties: {} };
    const block: Body = { name: tool.name };
    if (tool.description) block.description = tool.description;
    // The root of input_schema must be an object schema.
    block.input_schema = schema.type === undefined ? { type: 'object', ...schema } : schema;
    if (tool.strict !== undefined) block.strict = tool.strict;
    if (tool.cache) block.cache_control = cacheToWire(tool.cache);
    out.push(Object.assign(block, fieldsOf(tool.extensions, DIALECT)));
  }
  return out;
}

function encodeToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined, warnings: string[]): Body | undefined {
  let wire: Body | undefined;
  switch (choice?.type) {
    case undefined:
      break;
    case 'auto':
    case 'none':
      wire = { type: choice.type };
      break;
    case 'required':
      wire = { type: 'any' };
      break;
    case 'tool':
      wire = { type: 'tool', name: choice.name };
      break;
    case 'dialect':
      if (choice.dialect === DIALECT) return choice.raw as Body;
      warnings.push(`replaced a ${choice.dialect} tool_choice Anthropic cannot express with auto`);
      wire = { type: 'auto' };
      break;
  }
  if (parallel === false && wire?.type !== 'none') wire = { ...(wire ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return wire;
}

/** Thinking from a budget or an effort; the API needs max_tokens > budget_tokens ≥ 1024. */
function encodeThinking(request: CanonicalRequest, body: Body, warnings: string[]): void {
  const sent = hintOf(request.extensions, DIALECT, 'thinking');
  if (typeof sent === 'string') {
    body.thinking = JSON.parse(sent) as Body;
    return;
  }
  const reasoning = request.reasoning;
  if (!reasoning || reasoning.enabled === false || reasoning.effort === 'none') return;
  const budget = reasoning.budgetTokens ?? (reasoning.effort ? EFFORT_BUDGET[reasoning.effort] : 0);
  if (!budget) return;
  const maxTokens = body.max_tokens as number;
  const fitted = Math.min(Math.max(budget, 1024), maxTokens - 1);
  if (fitted < 1024) {
    warnings.push(`thinking not enabled: max_tokens ${maxTokens} leaves no room for the 1024-token minimum budget`);
    return;
  }
  body.thinking = { type: 'enabled', budget_tokens: fitted };
  // With thinking on, the API only allows tool_choice auto/none and the default temperature.
  const choice = body.tool_choice as Body | undefined;
  if (choice && (choice.type === 'any' || choice.type === 'tool')) {
    warnings.push(`tool_choice ${String(choice.type)} is not allowed with thinking; sent auto`);
    const { name: _name, ...rest } = choice;
    body.tool_choice = { ...rest, type: 'auto' };
  }
  for (const field of ['temperature', 'top_k'] as const) {
    if (body[field] !== undefined) {
      warnings.push(`${field} is not allowed with thinking; dropped`);
      delete body[field];
    }
  }
}

export function encodeRequest(request: CanonicalRequest, model: string, memory: SignatureCache): { body: Body; headers: Record<string, string>; warnings: string[] } {
  const warnings: string[] = [];
  const sameDialect = request.extensions?.dialect === DIALECT;
  const tools = request.tools?.length ? encodeTools(request.tools, warnings) : [];
  const { system, messages } = encodeMessages(request.messages, tools, memory, warnings);
  const body: Body = { model, max_tokens: request.maxOutputTokens ?? defaultMaxTokens(model), messages };
  if (system.length) body.system = system;
  if (tools.length) body.tools = tools;
  const sentChoice = hintOf(request.extensions, DIALECT, 'toolChoice');
  const toolChoice = typeof sentChoice === 'string' ? (JSON.parse(sentChoice) as Body) : encodeToolChoice(request.toolChoice, request.parallelToolCalls, warnings);
  if (toolChoice) body.tool_choice = toolChoice;
  if (request.temperature !== undefined) {
    // Anthropic's range is 0–1 (OpenAI's is 0–2).
    body.temperature = Math.min(request.temperature, 1);
    if (request.temperature > 1) warnings.push(`temperature ${request.temperature} clamped to 1 (Anthropic's maximum)`);
  }
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stop?.length) body.stop_sequences = request.stop;
  if (request.user) body.metadata = { user_id: request.user };
  if (request.responseFormat && request.responseFormat.type !== 'text' && !sameDialect) {
    const schema = request.responseFormat.type === 'json-schema' ? request.responseFormat.schema : { type: 'object' };
    if (request.responseFormat.type === 'json') warnings.push('JSON mode approximated with an object schema (output_config.format)');
    body.output_config = { format: { type: 'json_schema', schema } };
  }
  encodeThinking(request, body, warnings);
  if (request.n !== undefined && request.n > 1) warnings.push(`n=${request.n} not supported by Anthropic; one answer returned`);
  for (const [field, present] of [
    ['seed', request.seed !== undefined],
    ['presence_penalty', request.presencePenalty !== undefined],
    ['frequency_penalty', request.frequencyPenalty !== undefined],
    ['logprobs', request.logprobs === true],
  ] as const) {
    if (present) warnings.push(`${field} is not supported by Anthropic; dropped`);
  }
  if (request.stream) body.stream = true;
  Object.assign(body, fieldsOf(request.extensions, DIALECT));

  const headers: Record<string, string> = {};
  const betas = hintOf(request.extensions, DIALECT, 'betas');
  if (typeof betas === 'string') headers['anthropic-beta'] = betas;
  return { body, headers, warnings };
}
