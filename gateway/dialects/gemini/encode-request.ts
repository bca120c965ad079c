/**
 * Outbound half, request: CanonicalRequest → Gemini generateContent body (wire-formats.md §6.2, §7).
 * System prompts → systemInstruction; assistant → `model`; tool results → functionResponse parts, all
 * results of one turn in ONE following user content, in the order of the calls, never deduplicated
 * (§8 item 10); the thought signature each call was issued goes back with it (§8 item 11); tool schemas
 * go as `parametersJsonSchema`, which accepts JSON Schema as clients write it (§8 item 12).
 */
import type { ContentPart, FilePart, ImagePart, ToolCallPart } from '../../core/content.js';
import type { CanonicalRequest, Message, Tool, ToolChoice } from '../../core/request.js';
import type { SignatureCache } from '../signature-cache.js';

type Part = Record<string, unknown>;
type Content = { role: 'user' | 'model'; parts: Part[] };

/** Documented bypass for calls whose signature is unknown (history from another model or gateway). */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

const IMAGE_BY_EXTENSION: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

function imagePart(part: ImagePart, warnings: string[]): Part {
  if (part.source.kind === 'base64') return { inlineData: { mimeType: part.source.mediaType, data: part.source.data } };
  const extension = /\.([a-z0-9]+)(?:\?|#|$)/i.exec(part.source.url)?.[1]?.toLowerCase() ?? '';
  warnings.push('image URL sent as fileData: Gemini fetches only some URLs (inline base64 is always accepted)');
  return { fileData: { mimeType: IMAGE_BY_EXTENSION[extension] ?? 'image/png', fileUri: part.source.url } };
}

function filePart(part: FilePart, warnings: string[]): Part | undefined {
  const mimeType = part.mediaType ?? 'application/pdf';
  if (part.data !== undefined) return { inlineData: { mimeType, data: part.data } };
  if (part.url) return { fileData: { mimeType, fileUri: part.url } };
  warnings.push('dropped a file given only as a provider file id');
  return undefined;
}

/** A tool result as the object Gemini requires: parsed JSON object, else `{result}` / `{error}`. */
function responseObject(text: string, isError: boolean): Record<string, unknown> {
  if (!isError) {
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      /* plain text */
    }
  }
  return isError ? { error: text } : { result: text };
}

function userParts(parts: ContentPart[], names: Map<string, string>, warnings: string[]): { results: Map<string, Part>; other: Part[] } {
  const results = new Map<string, Part>();
  const other: Part[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        if (part.text) other.push({ text: part.text });
        break;
      case 'image':
        other.push(imagePart(part, warnings));
        break;
      case 'file': {
        const file = filePart(part, warnings);
        if (file) other.push(file);
        break;
      }
      case 'audio':
        other.push({ inlineData: { mimeType: `audio/${part.format}`, data: part.data } });
        break;
      case 'tool-result': {
        const text = part.content.map((inner) => (inner.type === 'text' ? inner.text : '')).join('');
        if (part.content.some((inner) => inner.type !== 'text')) warnings.push('dropped images/files inside a tool result (Gemini function responses are JSON)');
        const name = names.get(part.toolCallId) ?? 'unknown_function';
        results.set(part.toolCallId, { functionResponse: { name, response: responseObject(text, part.isError === true) } });
        break;
      }
      default:
        warnings.push(`dropped a ${part.type} part from a user turn (Gemini cannot express it)`);
    }
  }
  return { results, other };
}

function modelParts(parts: ContentPart[], model: string, signatures: SignatureCache, warnings: string[]): { parts: Part[]; calls: ToolCallPart[] } {
  const out: Part[] = [];
  const calls: ToolCallPart[] = [];
  for (const part of parts) {
    if (part.type === 'text' && part.text) out.push(part.signature ? { text: part.text, thoughtSignature: part.signature } : { text: part.text });
    else if (part.type === 'refusal' && part.text) out.push({ text: part.text });
    else if (part.type === 'tool-call') {
      let args: unknown = {};
      try {
        args = part.arguments.trim() ? JSON.parse(part.arguments) : {};
      } catch {
        warnings.push(`tool call ${part.name}: arguments were not JSON; sent {}`);
      }
      const wire: Part = { functionCall: { name: part.name, args: args !== null && typeof args === 'object' && !Array.isArray(args) ? args : { value: args } } };
      let signature = part.signature ?? signatures.recall(part.id);
      // Gemini 3 rejects a step's first call without a signature; history it never signed gets the bypass.
      if (!signature && calls.length === 0 && /gemini-3/.test(model)) signature = SKIP_SIGNATURE;
      if (signature) wire.thoughtSignature = signature;
      out.push(wire);
      calls.push(part);
    }
    // Reasoning text is not replayed to Gemini (only signatures are); other parts have no equivalent.
  }
  return { parts: out, calls };
}

export function encodeContents(messages: Message[], model: string, signatures: SignatureCache, warnings: string[]): { system: Part[]; contents: Content[] } {
  const system: Part[] = [];
  const contents: Content[] = [];
  const names = new Map<string, string>();
  /** Calls of the last model turn still waiting for their responses, in call order. */
  let awaiting: ToolCallPart[] = [];
  let pending = new Map<string, Part>();

  const push = (role: Content['role'], parts: Part[]): void => {
    if (!parts.length) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  const flushResponses = (): void => {
    if (!pending.size) return;
    const ordered = awaiting.flatMap((call) => {
      const result = pending.get(call.id);
      return result ? [result] : [];
    });
    for (const [id, result] of pending) if (!awaiting.some((call) => call.id === id)) ordered.push(result);
    push('user', ordered);
    pending = new Map();
    awaiting = [];
  };

  for (const message of messages) {
    if (message.role === 'system') {
      for (const part of message.content) if (part.type === 'text' && part.text) system.push({ text: part.text });
      continue;
    }
    if (message.role === 'assistant') {
      flushResponses();
      const { parts, calls } = modelParts(message.content, model, signatures, warnings);
      for (const call of calls) names.set(call.id, call.name);
      push('model', parts);
      awaiting = calls;
      continue;
    }
    const { results, other } = userParts(message.content, names, warnings);
    for (const [id, result] of results) pending.set(id, result);
    if (other.length) {
      flushResponses();
      push('user', other);
    }
  }
  flushResponses();
  return { system, contents };
}

export function encodeTools(tools: Tool[], warnings: string[]): Part[] {
  const declarations: Part[] = [];
  for (const tool of tools) {
    if (tool.type === 'dialect') {
      warnings.push(`dropped a ${tool.dialect} tool Gemini cannot express`);
      continue;
    }
    const declaration: Part = { name: tool.name };
    if (tool.description) declaration.description = tool.description;
    if (tool.parameters && Object.keys(tool.parameters).length) declaration.parametersJsonSchema = tool.parameters;
    declarations.push(declaration);
  }
  return declarations.length ? [{ functionDeclarations: declarations }] : [];
}

export function encodeToolConfig(choice: ToolChoice | undefined, warnings: string[]): Part | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
    case 'dialect':
      warnings.push(`replaced a ${choice.dialect} tool_choice Gemini cannot express with AUTO`);
      return { functionCallingConfig: { mode: 'AUTO' } };
  }
}

export function encodeRequest(request: CanonicalRequest, model: string, signatures: SignatureCache): { body: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const { system, contents } = encodeContents(request.messages, model, signatures, warnings);
  const body: Record<string, unknown> = { contents };
  if (system.length) body.systemInstruction = { parts: system };
  const tools = request.tools?.length ? encodeTools(request.tools, warnings) : [];
  if (tools.length) body.tools = tools;
  const toolConfig = encodeToolConfig(request.toolChoice, warnings);
  if (toolConfig && tools.length) body.toolConfig = toolConfig;
  if (request.parallelToolCalls === false) warnings.push('parallel_tool_calls=false has no Gemini equivalent; dropped');
  body.generationConfig = encodeGenerationConfig(request, warnings);
  if (hasCacheHints(request)) warnings.push('cache_control dropped: Gemini caches implicitly or through cachedContents');
  return { body, warnings };
}

function hasCacheHints(request: CanonicalRequest): boolean {
  if (request.tools?.some((tool) => tool.type === 'function' && tool.cache)) return true;
  return request.messages.some((message) => message.content.some((part) => 'cache' in part && part.cache !== undefined));
}

function encodeGenerationConfig(request: CanonicalRequest, warnings: string[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.stop?.length) {
    config.stopSequences = request.stop.slice(0, 5);
    if (request.stop.length > 5) warnings.push('Gemini accepts at most 5 stop sequences; the rest were dropped');
  }
  if (request.n !== undefined && request.n > 1) config.candidateCount = request.n;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.logprobs) {
    config.responseLogprobs = true;
    if (request.topLogprobs !== undefined) config.logprobs = request.topLogprobs;
  }
  const format = request.responseFormat;
  if (format?.type === 'json' || format?.type === 'json-schema') config.responseMimeType = 'application/json';
  if (format?.type === 'json-schema') config.responseJsonSchema = format.schema;
  const reasoning = request.reasoning;
  if (reasoning) {
    const thinking: Record<string, unknown> = {};
    if (reasoning.enabled === false || reasoning.effort === 'none') thinking.thinkingBudget = 0;
    else if (reasoning.budgetTokens !== undefined) thinking.thinkingBudget = reasoning.budgetTokens;
    else if (reasoning.effort) thinking.thinkingBudget = { minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 32768 }[reasoning.effort];
    if (reasoning.includeThoughts && thinking.thinkingBudget !== 0) thinking.includeThoughts = true;
    if (Object.keys(thinking).length) config.thinkingConfig = thinking;
  }
  return config;
}
