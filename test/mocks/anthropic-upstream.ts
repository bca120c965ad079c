/**
 * A mock Anthropic Messages API speaking the real wire format — and rejecting malformed requests the way
 * the real API does (wrong key, missing `anthropic-version`, missing `max_tokens`, empty text blocks,
 * unpaired `tool_use`/`tool_result`, bad tool ids and names, thinking blocks whose signature the mock did
 * not issue, `tool_choice` that forces tools while thinking, too many cache breakpoints…), so translation
 * bugs in the gateway surface as the 400s they would cause in production. Behaviour is chosen by model
 * name (see SCENARIOS; any other model answers like `claude-text`); every request is recorded.
 *
 * Endpoints: `POST /v1/messages` (JSON or `stream: true` SSE), `POST /v1/messages/count_tokens`,
 * `GET /v1/models`, `GET /v1/models/{id}`. Query strings (Claude Code's `?beta=true`) are accepted.
 * Auth: `x-api-key: <key>` or `Authorization: Bearer <key>` (SDK ≥1.x sends the latter).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path including the query string, e.g. `/v1/messages?beta=true`. */
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (the raw text when it was not valid JSON; undefined when empty). */
  body: unknown;
}

export interface AnthropicMockOptions {
  /** Key the mock accepts (`x-api-key: …` or `Authorization: Bearer …`). */
  apiKey: string;
  /**
   * Largest `max_tokens` accepted (real models cap it: 64000 for Sonnet 4.5, and e.g. @ai-sdk/anthropic
   * sends 128000 for unknown model ids, which the real API rejects). Default 64000.
   */
  maxOutputTokens?: number;
}

export interface AnthropicMock {
  /** Root URL (`http://127.0.0.1:PORT`); clients append `/v1/messages` themselves. */
  url: string;
  /** Same as `url`: the value for an Anthropic provider's base URL / the SDK's `baseURL`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests whose connection was closed by the client before the mock finished answering. */
  aborted: RecordedRequest[];
  /** Thinking signatures this mock has issued (replaying any other signature → 400). */
  signatures: ReadonlySet<string>;
  /** Last recorded POST body (messages or count_tokens). */
  lastBody(): Record<string, unknown>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export const MOCK_TEXT = 'The capital of France is Paris.';
/** The tool calls the tool scenarios make (ids are fixed; inputs are streamed in fragments). */
export const MOCK_TOOL_CALLS = [
  { id: 'toolu_mockParis01', name: 'get_weather', input: { city: 'Paris' } },
  { id: 'toolu_mockTokyo02', name: 'get_weather', input: { city: 'Tokyo', unit: 'c' } },
] as const;

const MODEL_CREATED_AT = '2025-09-29T00:00:00Z';
const TOOL_ID = /^[a-zA-Z0-9_-]+$/;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const MAX_CACHE_BREAKPOINTS = 4;

// ---------------------------------------------------------------------------------------------------
// Errors

/** A 400 `invalid_request_error`; thrown by the validators, answered by the request handler. */
class InvalidRequest extends Error {}

function invalid(message: string): never {
  throw new InvalidRequest(message);
}

export interface HttpError {
  status: number;
  type: string;
  message: string;
  headers?: Record<string, string>;
}

let requestCounter = 0;
const newRequestId = (): string => `req_mock${String(++requestCounter).padStart(16, '0')}`;

/** Headers the real API puts on every answer (request id, organisation, rate-limit state). */
function baseHeaders(requestId: string): Record<string, string> {
  const reset = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    'request-id': requestId,
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
    'anthropic-ratelimit-requests-limit': '1000',
    'anthropic-ratelimit-requests-remaining': '999',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-tokens-limit': '60000',
    'anthropic-ratelimit-tokens-remaining': '59000',
    'anthropic-ratelimit-tokens-reset': reset,
  };
}

/** The real error envelope: `{"type":"error","error":{type,message},"request_id":"req_…"}`. */
function sendError(res: ServerResponse, requestId: string, error: HttpError): void {
  res.writeHead(error.status, { 'content-type': 'application/json', ...baseHeaders(requestId), ...error.headers });
  res.end(JSON.stringify({ type: 'error', error: { type: error.type, message: error.message }, request_id: requestId }));
}

const invalidRequest = (message: string): HttpError => ({ status: 400, type: 'invalid_request_error', message });

function sendJson(res: ServerResponse, requestId: string, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', ...baseHeaders(requestId) });
  res.end(JSON.stringify(value));
}

// ---------------------------------------------------------------------------------------------------
// Validation (a subset of the real API's, with its wording, chosen to catch translation bugs)

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

interface ValidationContext {
  /** `count_tokens` takes the messages body minus `max_tokens`. */
  forCount: boolean;
  maxOutputTokens: number;
  /** signature → thinking text, for every thinking block the mock issued. */
  signatures: ReadonlyMap<string, string>;
}

/** Pydantic-style discriminator error the real API returns for an unknown `type` tag. */
function badTag(path: string, tag: unknown, expected: string[]): never {
  if (tag === undefined) invalid(`${path}: Unable to extract tag using discriminator 'type'`);
  invalid(`${path}: Input tag '${String(tag)}' found using 'type' does not match any of the expected tags: ${expected.map((t) => `'${t}'`).join(', ')}`);
}

function validateCacheControl(value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  if (!isObject(value) || value.type !== 'ephemeral') invalid(`${path}.cache_control.type: Input should be 'ephemeral'`);
  if (value.ttl !== undefined && value.ttl !== '5m' && value.ttl !== '1h') invalid(`${path}.cache_control.ttl: Input should be '5m' or '1h'`);
}

/** Real images are sniffed: a PNG declared as image/jpeg is rejected (a classic data-URL translation bug). */
function sniffImage(data: string): string | undefined {
  if (data.startsWith('iVBORw0KGgo')) return 'image/png';
  if (data.startsWith('/9j/')) return 'image/jpeg';
  if (data.startsWith('R0lGOD')) return 'image/gif';
  if (data.startsWith('UklGR')) return 'image/webp';
  return undefined;
}

function validateBase64(data: unknown, path: string): asserts data is string {
  if (typeof data !== 'string' || data.length === 0) invalid(`${path}.data: Field required`);
  // A whole data URL (`data:image/png;base64,…`) pasted into `data` is the usual mistake.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) invalid(`${path}.data: Invalid base64 data`);
}

function validateUrl(url: unknown, path: string): void {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) invalid(`${path}.url: Input should be a valid URL`);
}

function validateImage(block: Json, path: string): void {
  const source = block.source;
  const at = `${path}.image.source`;
  if (!isObject(source)) invalid(`${at}: Field required`);
  if (source.type === 'base64') {
    if (typeof source.media_type !== 'string' || !IMAGE_TYPES.includes(source.media_type)) {
      invalid(`${at}.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`);
    }
    validateBase64(source.data, `${at}.base64`);
    const actual = sniffImage(source.data);
    if (actual && actual !== source.media_type) {
      invalid(`${at}.base64.data: The image was specified using the ${source.media_type} media type, but the image appears to be a ${actual} image`);
    }
  } else if (source.type === 'url') {
    validateUrl(source.url, `${at}.url`);
  } else if (source.type === 'file') {
    if (typeof source.file_id !== 'string') invalid(`${at}.file.file_id: Field required`);
  } else {
    badTag(at, source.type, ['base64', 'file', 'url']);
  }
}

function validateDocument(block: Json, path: string): void {
  const source = block.source;
  const at = `${path}.document.source`;
  if (!isObject(source)) invalid(`${at}: Field required`);
  switch (source.type) {
    case 'base64':
      if (source.media_type !== 'application/pdf') invalid(`${at}.base64.media_type: Input should be 'application/pdf'`);
      validateBase64(source.data, `${at}.base64`);
      return;
    case 'text':
      if (source.media_type !== 'text/plain') invalid(`${at}.text.media_type: Input should be 'text/plain'`);
      if (typeof source.data !== 'string') invalid(`${at}.text.data: Field required`);
      return;
    case 'url':
      return validateUrl(source.url, `${at}.url`);
    case 'file':
      if (typeof source.file_id !== 'string') invalid(`${at}.file.file_id: Field required`);
      return;
    case 'content':
      if (typeof source.content !== 'string' && !Array.isArray(source.content)) invalid(`${at}.content.content: Field required`);
      return;
    default:
      badTag(at, source.type, ['base64', 'content', 'file', 'text', 'url']);
  }
}

/** `root` is how the real API names the field in the non-empty error ("messages" or "system"). */
function validateText(block: Json, path: string, root: string): void {
  if (typeof block.text !== 'string') invalid(`${path}.text.text: Field required`);
  if (block.text.length === 0) invalid(`${root}: text content blocks must be non-empty`);
}

const TOOL_RESULT_CONTENT = ['text', 'image', 'document', 'search_result'];

function validateToolResult(block: Json, path: string): void {
  if (typeof block.tool_use_id !== 'string') invalid(`${path}.tool_result.tool_use_id: Field required`);
  if (!TOOL_ID.test(block.tool_use_id)) invalid(`${path}.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`);
  if (block.is_error !== undefined && typeof block.is_error !== 'boolean') invalid(`${path}.tool_result.is_error: Input should be a valid boolean`);
  const content = block.content;
  if (content === undefined || typeof content === 'string') return;
  if (!Array.isArray(content)) invalid(`${path}.tool_result.content: Input should be a valid list`);
  content.forEach((inner: unknown, index) => {
    const at = `${path}.tool_result.content.${index}`;
    if (!isObject(inner)) invalid(`${at}: Input should be a valid dictionary`);
    if (typeof inner.type !== 'string' || !TOOL_RESULT_CONTENT.includes(inner.type)) badTag(at, inner.type, TOOL_RESULT_CONTENT);
    validateContentBlock(inner, at, 'user', { forCount: false, maxOutputTokens: 0, signatures: new Map() });
  });
}

function validateToolUse(block: Json, path: string): void {
  if (typeof block.id !== 'string') invalid(`${path}.tool_use.id: Field required`);
  if (!TOOL_ID.test(block.id)) invalid(`${path}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`);
  if (typeof block.name !== 'string') invalid(`${path}.tool_use.name: Field required`);
  if (!TOOL_NAME.test(block.name)) invalid(`${path}.tool_use.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
  if (!isObject(block.input)) invalid(`${path}.tool_use.input: Input should be a valid dictionary`);
}

/** Thinking blocks must be replayed byte-for-byte with the signature the API issued for them. */
function validateThinking(block: Json, path: string, signatures: ReadonlyMap<string, string>): void {
  if (typeof block.thinking !== 'string') invalid(`${path}.thinking.thinking: Field required`);
  if (typeof block.signature !== 'string' || block.signature.length === 0) invalid(`${path}.thinking.signature: Field required`);
  const issuedFor = signatures.get(block.signature);
  if (issuedFor === undefined) invalid(`${path}: Invalid \`signature\` in \`thinking\` block`);
  if (issuedFor !== block.thinking) {
    invalid(`${path}: \`thinking\` or \`redacted_thinking\` blocks in the latest assistant message cannot be modified. These blocks must remain as they were in the original response.`);
  }
}

/** Block types the API knows; the ones not validated in detail (server tools etc.) are tolerated. */
const BLOCK_TYPES = [
  'text', 'image', 'document', 'search_result', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking',
  'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result',
  'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'tool_search_tool_result',
  'mcp_tool_use', 'mcp_tool_result', 'container_upload',
];
const ASSISTANT_ONLY = ['tool_use', 'thinking', 'redacted_thinking', 'server_tool_use', 'mcp_tool_use'];

function validateContentBlock(block: unknown, path: string, role: string, ctx: ValidationContext): void {
  if (!isObject(block)) invalid(`${path}: Input should be a valid dictionary`);
  const type = block.type;
  if (typeof type !== 'string' || !BLOCK_TYPES.includes(type)) badTag(path, type, BLOCK_TYPES);
  if (ASSISTANT_ONLY.includes(type) && role !== 'assistant') invalid(`${path}: \`${type}\` blocks can only be in \`assistant\` messages`);
  if (type === 'tool_result' && role !== 'user') invalid(`${path}: \`tool_result\` blocks can only be in \`user\` messages`);
  validateCacheControl(block.cache_control, `${path}.${type}`);
  switch (type) {
    case 'text':
      return validateText(block, path, 'messages');
    case 'image':
      return validateImage(block, path);
    case 'document':
      return validateDocument(block, path);
    case 'tool_use':
      return validateToolUse(block, path);
    case 'tool_result':
      return validateToolResult(block, path);
    case 'thinking':
      return validateThinking(block, path, ctx.signatures);
    case 'redacted_thinking':
      if (typeof block.data !== 'string' || block.data.length === 0) invalid(`${path}.redacted_thinking.data: Field required`);
      return;
    default:
      return;
  }
}

interface Located {
  block: Json;
  message: number;
  index: number;
}

/** One turn = consecutive messages of the same role (the API merges them before pairing tools). */
interface Turn {
  role: string;
  first: number;
  blocks: Located[];
}

function contentBlocks(content: unknown): unknown[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : (content as unknown[]);
}

function validateMessageShapes(messages: unknown[], ctx: ValidationContext): Turn[] {
  const turns: Turn[] = [];
  messages.forEach((raw, i) => {
    if (!isObject(raw)) invalid(`messages.${i}: Input should be a valid dictionary`);
    if (raw.role === 'system') {
      invalid('messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.');
    }
    if (raw.role !== 'user' && raw.role !== 'assistant') invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    const content = raw.content;
    if (content === undefined) invalid(`messages.${i}.content: Field required`);
    if (typeof content !== 'string' && !Array.isArray(content)) invalid(`messages.${i}.content: Input should be a valid string or a valid list`);
    const isFinalAssistant = i === messages.length - 1 && raw.role === 'assistant';
    if (content.length === 0 && !isFinalAssistant) {
      invalid(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
    }
    const blocks = contentBlocks(content);
    blocks.forEach((block, index) => validateContentBlock(block, `messages.${i}.content.${index}`, raw.role as string, ctx));
    const located = blocks.map((block, index) => ({ block: block as Json, message: i, index }));
    const last = turns.at(-1);
    if (last && last.role === raw.role) last.blocks.push(...located);
    else turns.push({ role: raw.role, first: i, blocks: located });
  });
  if (turns[0]?.role !== 'user') invalid('messages: first message must use the "user" role');
  return turns;
}

const toolUses = (turn: Turn | undefined): Located[] => (turn?.role === 'assistant' ? turn.blocks.filter((b) => b.block.type === 'tool_use') : []);

/**
 * Every `tool_use` must be answered by a `tool_result` (same id) in the immediately following user turn,
 * and that turn must begin with its tool_result blocks; a `tool_result` must answer a `tool_use` of the
 * previous assistant turn, exactly once.
 */
function validateToolPairing(turns: Turn[]): void {
  turns.forEach((turn, t) => {
    if (turn.role !== 'user') return;
    const previous = turns[t - 1];
    const calls = new Set(toolUses(previous).map((use) => String(use.block.id)));
    const seen = new Set<string>();
    turn.blocks.forEach((located, position) => {
      if (located.block.type !== 'tool_result') return;
      const id = String(located.block.tool_use_id);
      if (!calls.has(id)) {
        invalid(`messages.${located.message}.content.${located.index}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`);
      }
      if (seen.has(id)) invalid(`messages.${located.message}.content.${located.index}: each tool_use must have a single result. Found multiple \`tool_result\` blocks with id: ${id}`);
      if (position !== seen.size) {
        invalid(`messages.${turn.first}: Did not find ${calls.size} \`tool_result\` block(s) at the beginning of this message. Messages following \`tool_use\` blocks must begin with a matching number of \`tool_result\` blocks.`);
      }
      seen.add(id);
    });
    unanswered(toolUses(previous).filter((use) => !seen.has(String(use.block.id))));
  });
  // A final assistant turn with tool_use blocks has no results at all.
  unanswered(toolUses(turns.at(-1)));
}

function unanswered(missing: Located[]): void {
  const first = missing[0];
  if (!first) return;
  invalid(`messages.${first.message}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.map((use) => String(use.block.id)).join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`);
}

/**
 * With thinking on, while a tool loop is in progress (the conversation ends with tool results), the
 * assistant turn holding those tool_use blocks must start with its thinking block.
 */
function validateThinkingInToolLoop(turns: Turn[]): void {
  const last = turns.at(-1);
  const assistant = turns.at(-2);
  if (!last || !assistant || last.blocks[0]?.block.type !== 'tool_result') return;
  const first = assistant.blocks[0];
  if (!first || first.block.type === 'thinking' || first.block.type === 'redacted_thinking') return;
  invalid(`messages.${first.message}.content.${first.index}.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first.block.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`);
}

function validateSystem(system: unknown): void {
  if (system === undefined || typeof system === 'string') return;
  if (!Array.isArray(system)) invalid('system: Input should be a valid string');
  system.forEach((block: unknown, index) => {
    if (!isObject(block)) invalid(`system.${index}: Input should be a valid dictionary`);
    if (block.type !== 'text') invalid(`system.${index}.type: Input should be 'text'`);
    validateText(block, `system.${index}`, 'system');
    validateCacheControl(block.cache_control, `system.${index}.text`);
  });
}

/** Returns the declared tool names. Server tools (`web_search_20250305`, `bash_20250124`…) are tolerated. */
function validateTools(tools: unknown): string[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) invalid('tools: Input should be a valid list');
  const names = tools.map((tool: unknown, i) => {
    if (!isObject(tool)) invalid(`tools.${i}: Input should be a valid dictionary`);
    const type = tool.type ?? 'custom';
    if (type !== 'custom') {
      if (typeof type !== 'string' || !/_\d{8}$/.test(type)) badTag(`tools.${i}`, type, ['custom', 'bash_20250124', 'text_editor_20250728', 'web_search_20250305']);
      if (typeof tool.name !== 'string') invalid(`tools.${i}.${type}.name: Field required`);
      validateCacheControl(tool.cache_control, `tools.${i}.${type}`);
      return tool.name;
    }
    if (typeof tool.name !== 'string') invalid(`tools.${i}.custom.name: Field required`);
    if (!TOOL_NAME.test(tool.name)) invalid(`tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    if (tool.description !== undefined && typeof tool.description !== 'string') invalid(`tools.${i}.custom.description: Input should be a valid string`);
    if (tool.input_schema === undefined) invalid(`tools.${i}.custom.input_schema: Field required`);
    if (!isObject(tool.input_schema)) invalid(`tools.${i}.custom.input_schema: Input should be a valid dictionary`);
    if (tool.input_schema.type !== 'object') invalid(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
    validateCacheControl(tool.cache_control, `tools.${i}.custom`);
    return tool.name;
  });
  if (new Set(names).size !== names.length) invalid('tools: Tool names must be unique.');
  return names;
}

function validateToolChoice(choice: unknown, toolNames: string[], thinkingOn: boolean): void {
  if (choice === undefined) return;
  if (!isObject(choice)) invalid('tool_choice: Input should be a valid dictionary');
  const type = choice.type;
  if (type !== 'auto' && type !== 'any' && type !== 'tool' && type !== 'none') badTag('tool_choice', type, ['auto', 'any', 'tool', 'none']);
  if (choice.disable_parallel_tool_use !== undefined && typeof choice.disable_parallel_tool_use !== 'boolean') {
    invalid(`tool_choice.${type}.disable_parallel_tool_use: Input should be a valid boolean`);
  }
  if (type === 'tool') {
    if (typeof choice.name !== 'string') invalid('tool_choice.tool.name: Field required');
    // Wording approximate: the real API refuses to force a tool it was not given.
    if (!toolNames.includes(choice.name)) invalid(`tool_choice.tool.name: Tool '${choice.name}' not found in tools`);
  }
  if (thinkingOn && (type === 'any' || type === 'tool')) invalid('Thinking may not be enabled when tool_choice forces tool use.');
}

/** Returns whether extended thinking is on (`enabled` or `adaptive`). */
function validateThinkingConfig(thinking: unknown, body: Json, ctx: ValidationContext): boolean {
  if (thinking === undefined) return false;
  if (!isObject(thinking)) invalid('thinking: Input should be a valid dictionary');
  const type = thinking.type;
  if (type !== 'enabled' && type !== 'disabled' && type !== 'adaptive' && type !== 'between_tools') {
    badTag('thinking', type, ['adaptive', 'between_tools', 'disabled', 'enabled']);
  }
  if (type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (budget === undefined) invalid('thinking.enabled.budget_tokens: Field required');
    if (!isInteger(budget)) invalid('thinking.enabled.budget_tokens: Input should be a valid integer');
    if (budget < 1024) invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if (!ctx.forCount && isInteger(body.max_tokens) && budget >= body.max_tokens) {
      invalid('`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size');
    }
  }
  return type === 'enabled' || type === 'adaptive';
}

function validateSampling(body: Json, thinkingOn: boolean): void {
  const temperature = body.temperature;
  if (temperature !== undefined) {
    if (typeof temperature !== 'number') invalid('temperature: Input should be a valid number');
    if (temperature < 0) invalid('temperature: Input should be greater than or equal to 0');
    if (temperature > 1) invalid('temperature: Input should be less than or equal to 1');
    if (thinkingOn && temperature !== 1) {
      invalid('`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility');
    }
  }
  const stops = body.stop_sequences;
  if (stops !== undefined && (!Array.isArray(stops) || stops.some((stop) => typeof stop !== 'string'))) invalid('stop_sequences: Input should be a valid list of strings');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') invalid('stream: Input should be a valid boolean');
}

function validateMaxTokens(body: Json, ctx: ValidationContext): void {
  if (ctx.forCount) return;
  const max = body.max_tokens;
  if (max === undefined) invalid('max_tokens: Field required');
  if (!isInteger(max)) invalid('max_tokens: Input should be a valid integer');
  if (max < 1) invalid('max_tokens: Input should be greater than or equal to 1');
  if (max > ctx.maxOutputTokens) invalid(`max_tokens: ${max} > ${ctx.maxOutputTokens}, which is the maximum allowed number of output tokens for ${String(body.model)}`);
}

/** Counts `cache_control` breakpoints over system blocks, tools and (nested) message content. */
function countBreakpoints(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item: unknown) => sum + countBreakpoints(item), 0);
  if (!isObject(value)) return 0;
  const own = value.cache_control !== undefined && value.cache_control !== null ? 1 : 0;
  return own + countBreakpoints(value.content);
}

function validateRequest(body: Json, ctx: ValidationContext): void {
  if (body.model === undefined) invalid('model: Field required');
  if (typeof body.model !== 'string') invalid('model: Input should be a valid string');
  validateMaxTokens(body, ctx);
  const messages = body.messages;
  if (messages === undefined) invalid('messages: Field required');
  if (!Array.isArray(messages)) invalid('messages: Input should be a valid list');
  if (messages.length === 0) invalid('messages: at least one message is required');
  validateSystem(body.system);
  const toolNames = validateTools(body.tools);
  const thinkingOn = validateThinkingConfig(body.thinking, body, ctx);
  validateToolChoice(body.tool_choice, toolNames, thinkingOn);
  validateSampling(body, thinkingOn);
  const turns = validateMessageShapes(messages, ctx);
  validateToolPairing(turns);
  if (thinkingOn) validateThinkingInToolLoop(turns);
  const breakpoints = countBreakpoints(body.system) + countBreakpoints(body.tools) + messages.reduce((sum: number, m: unknown) => sum + (isObject(m) ? countBreakpoints(m.content) : 0), 0);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) invalid(`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
}

/** Deterministic token estimate used by count_tokens: ceil(chars of JSON(system) + JSON(messages) + JSON(tools) / 4). */
export function estimateInputTokens(body: Record<string, unknown>): number {
  const text = JSON.stringify(body.system ?? '') + JSON.stringify(body.messages ?? []) + JSON.stringify(body.tools ?? []);
  return Math.ceil(text.length / 4);
}

// ---------------------------------------------------------------------------------------------------
// Answers

/** A content block the model "produces", with the fragments it is streamed in. */
export type PlannedBlock =
  | { type: 'text'; fragments: string[] }
  | { type: 'thinking'; fragments: string[]; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Json; fragments: string[] };

export interface Usage {
  /** Uncached input tokens (the API's `input_tokens` excludes cache reads and writes). */
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface Answer {
  content: PlannedBlock[];
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';
  stopSequence?: string | null;
  usage: Usage;
  /** Streaming: wait this long before each delta. Non-streaming: wait once, this long × the deltas. */
  delayMs?: number;
  /**
   * Streaming: after this many deltas send an in-band `event: error` (overloaded_error) and close without
   * message_stop. Non-streaming requests get the same error as an HTTP 529 instead.
   */
  failAfterDeltas?: number;
}

export interface ScenarioContext {
  body: Json;
  /** Issues a signature for a thinking block (only issued signatures are accepted when replayed). */
  sign(thinking: string): string;
}

export interface Scenario {
  /** The answer, rendered as one JSON message or as an SSE event stream depending on `stream`. */
  answer?: (ctx: ScenarioContext) => Answer;
  /** Fail before the first byte with this HTTP error (streaming or not). */
  error?: HttpError;
  /** Never answer (for client timeout / abort tests). */
  hang?: true;
}

const words = (text: string): string[] => text.split(/(?= )/);

/** Splits a tool input's JSON into small fragments, as the real API streams `input_json_delta`s. */
function jsonFragments(input: Json, size = 7): string[] {
  const json = JSON.stringify(input);
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out;
}

const textBlock = (text: string): PlannedBlock => ({ type: 'text', fragments: words(text) });

function toolBlock(call: (typeof MOCK_TOOL_CALLS)[number]): PlannedBlock {
  const input: Json = { ...call.input };
  return { type: 'tool_use', id: call.id, name: call.name, input, fragments: jsonFragments(input) };
}

/**
 * A signed thinking block — omitted when the request says `thinking: {type: "disabled"}`; with
 * `display: "omitted"` the block carries only its signature (thinking "").
 */
function thinkingBlock(ctx: ScenarioContext, fragments: string[]): PlannedBlock[] {
  const config = isObject(ctx.body.thinking) ? ctx.body.thinking : {};
  if (config.type === 'disabled') return [];
  const shown = config.display === 'omitted' ? [] : fragments;
  return [{ type: 'thinking', fragments: shown, signature: ctx.sign(shown.join('')) }];
}

/** The weather tool calls, honouring `tool_choice.disable_parallel_tool_use`. */
function weatherCalls(ctx: ScenarioContext, count: number): PlannedBlock[] {
  const single = isObject(ctx.body.tool_choice) && ctx.body.tool_choice.disable_parallel_tool_use === true;
  return MOCK_TOOL_CALLS.slice(0, single ? 1 : count).map(toolBlock);
}

/** What `claude-echo` answers (JSON-encoded as its text): a summary of the request it received. */
export interface EchoSummary {
  /** System prompt: the string, or the text blocks joined with "\n"; "" when absent. */
  system: string;
  /** Number of messages. */
  messages: number;
  /** Role of each message. */
  roles: string[];
  /** Block types of each message, comma-joined ("text" for string content), e.g. "tool_result,text". */
  blocks: string[];
  /** Declared tool names. */
  tools: string[];
  /** `tool_choice.type`, or null. */
  tool_choice: string | null;
  /** `thinking.type`, or null. */
  thinking: string | null;
  max_tokens: number;
  stop_sequences: string[];
  stream: boolean;
}

function echoSummary(body: Json): EchoSummary {
  const system = typeof body.system === 'string' ? body.system : Array.isArray(body.system) ? body.system.map((block: Json) => String(block.text)).join('\n') : '';
  const messages = body.messages as Json[];
  return {
    system,
    messages: messages.length,
    roles: messages.map((message) => String(message.role)),
    blocks: messages.map((message) => contentBlocks(message.content).map((block) => String((block as Json).type)).join(',')),
    tools: Array.isArray(body.tools) ? body.tools.map((tool: Json) => String(tool.name)) : [],
    tool_choice: isObject(body.tool_choice) ? String(body.tool_choice.type) : null,
    thinking: isObject(body.thinking) ? String(body.thinking.type) : null,
    max_tokens: body.max_tokens as number,
    stop_sequences: (body.stop_sequences as string[] | undefined) ?? [],
    stream: body.stream === true,
  };
}

const TEXT_USAGE: Usage = { input: 14, cacheRead: 6, cacheWrite: 2, output: 9 };
const text = (): Answer => ({ content: [textBlock(MOCK_TEXT)], stopReason: 'end_turn', usage: TEXT_USAGE });

export const SCENARIOS: Record<string, Scenario> = {
  'claude-text': { answer: text },
  'claude-tool': {
    answer: (ctx) => ({ content: [textBlock("I'll look that up."), ...weatherCalls(ctx, 1)], stopReason: 'tool_use', usage: { input: 402, output: 58 } }),
  },
  'claude-parallel': {
    answer: (ctx) => ({ content: weatherCalls(ctx, 2), stopReason: 'tool_use', usage: { input: 402, output: 96 } }),
  },
  'claude-thinking': {
    answer: (ctx) => ({ content: [...thinkingBlock(ctx, ['Let me', ' think.']), textBlock('Answer.')], stopReason: 'end_turn', usage: { input: 12, cacheRead: 2048, output: 40 } }),
  },
  'claude-thinking-tool': {
    answer: (ctx) => ({
      content: [...thinkingBlock(ctx, ['The user wants Paris weather;', ' call get_weather.']), ...weatherCalls(ctx, 1)],
      stopReason: 'tool_use',
      usage: { input: 40, cacheRead: 2048, output: 85 },
    }),
  },
  'claude-max-tokens': {
    // Cut off mid-sentence; a real max_tokens stop has output_tokens === max_tokens.
    answer: (ctx) => ({ content: [textBlock('The capital of France is')], stopReason: 'max_tokens', usage: { input: 21, output: Number(ctx.body.max_tokens) } }),
  },
  'claude-stop-seq': {
    // Stops on the first of the request's stop_sequences (the matched string is not part of the text).
    answer: (ctx) => {
      const stop = (ctx.body.stop_sequences as string[] | undefined)?.[0] ?? null;
      return { content: [textBlock('The capital of France is')], stopReason: stop === null ? 'end_turn' : 'stop_sequence', stopSequence: stop, usage: { input: 21, output: 5 } };
    },
  },
  'claude-echo': {
    answer: (ctx) => {
      const echoed = JSON.stringify(echoSummary(ctx.body));
      return { content: [textBlock(echoed)], stopReason: 'end_turn', usage: { input: estimateInputTokens(ctx.body), output: Math.ceil(echoed.length / 4) } };
    },
  },
  'claude-slow': {
    answer: () => ({ content: [textBlock('one two three four five six seven eight nine ten')], stopReason: 'end_turn', usage: { input: 10, output: 10 }, delayMs: 60 }),
  },
  'claude-hang': { hang: true },
  'claude-error-midstream': { answer: () => ({ ...text(), failAfterDeltas: 2 }) },
  'claude-429': {
    error: {
      status: 429,
      type: 'rate_limit_error',
      message: 'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.',
      headers: {
        'retry-after': '7',
        'anthropic-ratelimit-requests-limit': '1000',
        'anthropic-ratelimit-requests-remaining': '998',
        'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:07Z',
        'anthropic-ratelimit-input-tokens-limit': '50000',
        'anthropic-ratelimit-input-tokens-remaining': '0',
        'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:07Z',
        'anthropic-ratelimit-output-tokens-limit': '10000',
        'anthropic-ratelimit-output-tokens-remaining': '9200',
        'anthropic-ratelimit-output-tokens-reset': '2026-01-01T00:00:02Z',
        'anthropic-ratelimit-tokens-limit': '60000',
        'anthropic-ratelimit-tokens-remaining': '0',
        'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:07Z',
      },
    },
  },
  'claude-529': { error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } },
  'claude-500': { error: { status: 500, type: 'api_error', message: 'Internal server error' } },
  'claude-404': { error: { status: 404, type: 'not_found_error', message: 'model: claude-404' } },
};

const DEFAULT_SCENARIO = 'claude-text';

// ---------------------------------------------------------------------------------------------------
// Rendering

function usageJson(usage: Usage): Json {
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.cacheWrite ?? 0,
    cache_read_input_tokens: usage.cacheRead ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: usage.cacheWrite ?? 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: usage.output,
    service_tier: 'standard',
  };
}

function finalBlock(block: PlannedBlock): Json {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.fragments.join('') };
    case 'thinking':
      return { type: 'thinking', thinking: block.fragments.join(''), signature: block.signature };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  }
}

/** Field order as the real API: model, id, type, role, content, stop_reason, stop_sequence, usage. */
function messageJson(model: string, id: string, answer: Answer): Json {
  return {
    model,
    id,
    type: 'message',
    role: 'assistant',
    content: answer.content.map(finalBlock),
    stop_reason: answer.stopReason,
    stop_sequence: answer.stopSequence ?? null,
    usage: usageJson(answer.usage),
  };
}

/** `content_block_start` shapes: empty text, empty thinking + signature, tool_use with `input: {}`. */
function startBlock(block: PlannedBlock): Json {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

/** Deltas of one block: text_delta…; thinking_delta… then one signature_delta; input_json_delta "" first. */
function blockDeltas(block: PlannedBlock): Json[] {
  switch (block.type) {
    case 'text':
      return block.fragments.map((fragment) => ({ type: 'text_delta', text: fragment }));
    case 'thinking':
      return [...block.fragments.map((fragment) => ({ type: 'thinking_delta', thinking: fragment })), { type: 'signature_delta', signature: block.signature }];
    case 'tool_use':
      return ['', ...block.fragments].map((fragment) => ({ type: 'input_json_delta', partial_json: fragment }));
  }
}

/** One SSE frame; the `event:` line always equals `data.type` (the SDK drops frames without it). */
const frame = (data: Json & { type: string }): string => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const OVERLOADED = { type: 'overloaded_error', message: 'Overloaded' };

async function streamAnswer(res: ServerResponse, requestId: string, model: string, id: string, answer: Answer): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...baseHeaders(requestId) });
  const start = { ...messageJson(model, id, answer), content: [], stop_reason: null, stop_sequence: null, usage: { ...usageJson(answer.usage), output_tokens: 1 } };
  res.write(frame({ type: 'message_start', message: start }));
  if (answer.content.length === 0) res.write(frame({ type: 'ping' }));
  let sent = 0;
  for (const [index, block] of answer.content.entries()) {
    res.write(frame({ type: 'content_block_start', index, content_block: startBlock(block) }));
    if (index === 0) res.write(frame({ type: 'ping' }));
    for (const delta of blockDeltas(block)) {
      if (answer.delayMs) await sleep(answer.delayMs);
      if (res.destroyed) return;
      if (sent === answer.failAfterDeltas) {
        // In-band error after HTTP 200: the stream just ends — no content_block_stop, no message_stop.
        res.end(frame({ type: 'error', error: OVERLOADED }));
        return;
      }
      res.write(frame({ type: 'content_block_delta', index, delta }));
      sent++;
    }
    res.write(frame({ type: 'content_block_stop', index }));
  }
  const usage = { input_tokens: answer.usage.input, cache_creation_input_tokens: answer.usage.cacheWrite ?? 0, cache_read_input_tokens: answer.usage.cacheRead ?? 0, output_tokens: answer.usage.output };
  res.write(frame({ type: 'message_delta', delta: { stop_reason: answer.stopReason, stop_sequence: answer.stopSequence ?? null }, usage }));
  res.end(frame({ type: 'message_stop' }));
}

async function respondAnswer(res: ServerResponse, requestId: string, model: string, id: string, answer: Answer): Promise<void> {
  if (answer.failAfterDeltas !== undefined) return sendError(res, requestId, { status: 529, ...OVERLOADED });
  if (answer.delayMs) {
    await sleep(answer.delayMs * answer.content.reduce((sum, block) => sum + blockDeltas(block).length, 0));
    if (res.destroyed) return;
  }
  sendJson(res, requestId, messageJson(model, id, answer));
}

// ---------------------------------------------------------------------------------------------------
// Server

function modelInfo(id: string): Json {
  return { type: 'model', id, display_name: id.startsWith('claude-sonnet') ? 'Claude Sonnet 4.5' : `Mock ${id}`, created_at: MODEL_CREATED_AT };
}

const LISTED_MODELS = ['claude-sonnet-4-5-20250929', ...Object.keys(SCENARIOS)];

function authorized(req: IncomingMessage, apiKey: string): boolean {
  return req.headers['x-api-key'] === apiKey || req.headers.authorization === `Bearer ${apiKey}`;
}

export async function startAnthropicMock(options: AnthropicMockOptions): Promise<AnthropicMock> {
  const requests: RecordedRequest[] = [];
  const aborted: RecordedRequest[] = [];
  /** signature → thinking text it was issued for. */
  const issued = new Map<string, string>();
  const signatures = new Set<string>();
  const ctxBase: Omit<ValidationContext, 'forCount'> = { maxOutputTokens: options.maxOutputTokens ?? 64000, signatures: issued };
  let messageCounter = 0;

  const sign = (thinking: string): string => {
    const signature = `EqMock${randomBytes(24).toString('base64')}`;
    issued.set(signature, thinking);
    signatures.add(signature);
    return signature;
  };

  function handleMessages(body: Json, res: ServerResponse, requestId: string): void {
    const model = String(body.model);
    const scenario = SCENARIOS[model] ?? SCENARIOS[DEFAULT_SCENARIO];
    if (!scenario || scenario.hang) return;
    if (scenario.error) return sendError(res, requestId, scenario.error);
    if (!scenario.answer) return sendError(res, requestId, invalidRequest('This mock scenario has no answer.'));
    const answer = scenario.answer({ body, sign });
    const id = `msg_mock${String(++messageCounter).padStart(18, '0')}`;
    const reply = body.stream === true ? streamAnswer(res, requestId, model, id, answer) : respondAnswer(res, requestId, model, id, answer);
    reply.catch(() => res.destroy());
  }

  function route(req: IncomingMessage, res: ServerResponse, pathname: string, body: unknown, requestId: string): void {
    if (!authorized(req, options.apiKey)) return sendError(res, requestId, { status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
    if (!req.headers['anthropic-version']) return sendError(res, requestId, invalidRequest('anthropic-version: header is required'));
    if (req.method === 'GET' && pathname === '/v1/models') {
      const data = LISTED_MODELS.map(modelInfo);
      return sendJson(res, requestId, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
    }
    if (req.method === 'GET' && pathname.startsWith('/v1/models/')) return sendJson(res, requestId, modelInfo(decodeURIComponent(pathname.slice('/v1/models/'.length))));
    const forCount = pathname === '/v1/messages/count_tokens';
    if (req.method !== 'POST' || (pathname !== '/v1/messages' && !forCount)) return sendError(res, requestId, { status: 404, type: 'not_found_error', message: 'Not Found' });
    if (!isObject(body)) return sendError(res, requestId, invalidRequest('Request body must be a JSON object'));
    try {
      validateRequest(body, { ...ctxBase, forCount });
    } catch (error) {
      if (error instanceof InvalidRequest) return sendError(res, requestId, invalidRequest(error.message));
      throw error;
    }
    if (forCount) return sendJson(res, requestId, { input_tokens: estimateInputTokens(body) });
    handleMessages(body, res, requestId);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const requestId = newRequestId();
      let body: unknown;
      let parsed = true;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
        parsed = false;
      }
      const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) aborted.push(record);
      });
      if (!parsed) return sendError(res, requestId, invalidRequest('There was an error parsing the body of your request: invalid JSON'));
      route(req, res, new URL(req.url ?? '/', 'http://mock').pathname, body, requestId);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: url,
    requests,
    aborted,
    signatures,
    lastBody() {
      const last = [...requests].reverse().find((request) => request.method === 'POST');
      return (isObject(last?.body) ? last.body : {}) as Record<string, unknown>;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
