/**
 * A mock Google Gemini upstream (Generative Language API, `v1beta`) speaking the real wire format — and
 * rejecting malformed requests the way the real API does, so translation bugs in the gateway surface as
 * the 400s they would cause in production:
 *
 * - the proto-JSON parser: unknown fields anywhere (OpenAI-style `messages`, `max_tokens`, a top-level
 *   `temperature`, JSON-Schema keywords such as `additionalProperties` in `parameters`), wrongly typed
 *   values, type arrays, invalid base64 in `bytes` fields;
 * - request semantics: empty `contents`/`parts`, invalid roles, parts with zero or several data fields,
 *   function call/response turns that do not pair up, missing or foreign thought signatures, bad
 *   `toolConfig` / `generationConfig` combinations.
 *
 * Behaviour is chosen by the model in the URL (see SCENARIOS; unknown names answer like `gemini-text`);
 * every request is recorded. Endpoints: `POST /v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse` (without `alt=sse`: the legacy progressively written JSON array),
 * `:countTokens`, `GET /v1beta/models`, `GET /v1beta/models/{model}`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path including the query string (`…:streamGenerateContent?alt=sse`). */
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (the raw text when it was not valid JSON; undefined when empty). */
  body: unknown;
  /** Model named by the URL, without the `models/` prefix. */
  model?: string;
  /** RPC named by the URL: `generateContent`, `streamGenerateContent`, `countTokens`. */
  rpc?: string;
}

export interface GeminiMockOptions {
  /** Key the mock accepts (`x-goog-api-key: …` header or `?key=` query parameter). */
  apiKey: string;
}

export interface GeminiMock {
  url: string;
  /** Root URL (no version path): clients append `/v1beta/models/{model}:generateContent`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests whose connection was closed by the client before the mock finished answering. */
  aborted: RecordedRequest[];
  /** Thought signatures issued so far (signature → name of the function call that carried it). */
  signatures: ReadonlyMap<string, string>;
  /** Last recorded generateContent / streamGenerateContent / countTokens body. */
  lastBody(): Record<string, unknown>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export const MOCK_TEXT = 'The capital of France is Paris.';
/** Thought summary returned by the thinking scenarios when `thinkingConfig.includeThoughts` is true. */
export const MOCK_THOUGHT = 'Let me think.';
/** What the tool scenarios answer once the last content carries the function responses. */
export const MOCK_TOOL_ANSWER = 'It is 18°C and cloudy in Paris.';
export const MOCK_RESPONSE_ID = 'gemMockResp001';
/** Placeholder signatures Google documents for replaying calls that no Gemini model signed. */
export const DUMMY_THOUGHT_SIGNATURES: readonly string[] = ['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go'];

const V1BETA = 'type.googleapis.com/google.ai.generativelanguage.v1beta';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (name: string): string => name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const joinPath = (path: string, segment: string): string => (path ? `${path}.${segment}` : segment);

/** A field by its camelCase name, also accepting the snake_case spelling (the API accepts both). */
function pick(object: unknown, name: string): unknown {
  if (!isObject(object)) return undefined;
  const value = object[name] ?? object[snake(name)];
  return value === null ? undefined : value;
}

/** A repeated field as a list (the proto-JSON parser also accepts a single value for a repeated field). */
function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const objects = (value: unknown): Json[] => list(value).filter(isObject);

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** JSON with sorted keys, so replayed `args` compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

// ---------------------------------------------------------------------------------------------------
// Errors

function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  if (res.destroyed) return;
  // Google APIs pretty-print JSON bodies by default (`prettyPrint=true`); SSE frames are compact.
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(value, null, 2));
}

function errorBody(code: number, status: string, message: string, details?: Json[]): Json {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

function sendError(res: ServerResponse, code: number, status: string, message: string, details?: Json[]): void {
  sendJson(res, errorBody(code, status, message, details), code);
}

const invalidArgument = (res: ServerResponse, message: string): void => sendError(res, 400, 'INVALID_ARGUMENT', message);

interface Violation {
  field: string;
  description: string;
}

/** The proto-JSON parser's answer: every problem in one message (newline-separated) plus a BadRequest detail. */
function sendViolations(res: ServerResponse, violations: Violation[]): void {
  sendError(res, 400, 'INVALID_ARGUMENT', violations.map((v) => v.description).join('\n'), [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations.map((v) => (v.field ? v : { description: v.description })) },
  ]);
}

function apiKeyInvalid(res: ServerResponse): void {
  sendError(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Proto-JSON parsing: the subset of the v1beta request messages a gateway produces. Field names are
// camelCase (the JSON names); the snake_case proto names are accepted too. Error paths use proto names.

type MessageName =
  | 'GenerateContentRequest'
  | 'CountTokensRequest'
  | 'Content'
  | 'Part'
  | 'Blob'
  | 'FileData'
  | 'FunctionCall'
  | 'FunctionResponse'
  | 'ExecutableCode'
  | 'CodeExecutionResult'
  | 'Tool'
  | 'FunctionDeclaration'
  | 'Schema'
  | 'ToolConfig'
  | 'FunctionCallingConfig'
  | 'SafetySetting'
  | 'GenerationConfig'
  | 'ThinkingConfig';

interface EnumKind {
  enumName: string;
  values: readonly string[];
  /** Accept any letter case (documented lower-case spellings such as `"type": "object"`, `"thinkingLevel": "low"`). */
  anyCase?: boolean;
}

/** `struct` = google.protobuf.Struct (a JSON object); `value` = google.protobuf.Value (any JSON); `opaque` = a message this mock does not model. */
type Kind = 'string' | 'bytes' | 'bool' | 'int' | 'float' | 'struct' | 'value' | 'opaque' | EnumKind | { message: MessageName } | { mapOf: MessageName };

interface Field {
  kind: Kind;
  repeated?: boolean;
}

const one = (kind: Kind): Field => ({ kind });
const many = (kind: Kind): Field => ({ kind, repeated: true });
const message = (name: MessageName): Kind => ({ message: name });
const enumOf = (enumName: string, values: readonly string[], anyCase = false): EnumKind => ({ enumName: `${V1BETA}.${enumName}`, values, anyCase });

const HARM_CATEGORIES = [
  'HARM_CATEGORY_UNSPECIFIED', 'HARM_CATEGORY_DEROGATORY', 'HARM_CATEGORY_TOXICITY', 'HARM_CATEGORY_VIOLENCE', 'HARM_CATEGORY_SEXUAL',
  'HARM_CATEGORY_MEDICAL', 'HARM_CATEGORY_DANGEROUS', 'HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_HATE_SPEECH',
  'HARM_CATEGORY_SEXUALLY_EXPLICIT', 'HARM_CATEGORY_DANGEROUS_CONTENT', 'HARM_CATEGORY_CIVIC_INTEGRITY',
];
const THRESHOLDS = ['HARM_BLOCK_THRESHOLD_UNSPECIFIED', 'BLOCK_LOW_AND_ABOVE', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_ONLY_HIGH', 'BLOCK_NONE', 'OFF'];
const SCHEMA_TYPES = ['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL'];
const CALLING_MODES = ['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'];

const MESSAGES: Record<MessageName, Record<string, Field>> = {
  GenerateContentRequest: {
    model: one('string'),
    contents: many(message('Content')),
    tools: many(message('Tool')),
    toolConfig: one(message('ToolConfig')),
    safetySettings: many(message('SafetySetting')),
    systemInstruction: one(message('Content')),
    generationConfig: one(message('GenerationConfig')),
    cachedContent: one('string'),
  },
  CountTokensRequest: { contents: many(message('Content')), generateContentRequest: one(message('GenerateContentRequest')) },
  Content: { role: one('string'), parts: many(message('Part')) },
  Part: {
    text: one('string'),
    inlineData: one(message('Blob')),
    fileData: one(message('FileData')),
    functionCall: one(message('FunctionCall')),
    functionResponse: one(message('FunctionResponse')),
    executableCode: one(message('ExecutableCode')),
    codeExecutionResult: one(message('CodeExecutionResult')),
    thought: one('bool'),
    thoughtSignature: one('bytes'),
    videoMetadata: one('opaque'),
    partMetadata: one('struct'),
    mediaResolution: one('opaque'),
  },
  Blob: { mimeType: one('string'), data: one('bytes') },
  FileData: { mimeType: one('string'), fileUri: one('string') },
  FunctionCall: { id: one('string'), name: one('string'), args: one('struct') },
  FunctionResponse: {
    id: one('string'),
    name: one('string'),
    response: one('struct'),
    parts: many('opaque'),
    willContinue: one('bool'),
    scheduling: one(enumOf('FunctionResponse.Scheduling', ['SCHEDULING_UNSPECIFIED', 'SILENT', 'WHEN_IDLE', 'INTERRUPT'])),
  },
  ExecutableCode: { language: one(enumOf('ExecutableCode.Language', ['LANGUAGE_UNSPECIFIED', 'PYTHON'])), code: one('string') },
  CodeExecutionResult: {
    outcome: one(enumOf('CodeExecutionResult.Outcome', ['OUTCOME_UNSPECIFIED', 'OUTCOME_OK', 'OUTCOME_FAILED', 'OUTCOME_DEADLINE_EXCEEDED'])),
    output: one('string'),
  },
  Tool: {
    functionDeclarations: many(message('FunctionDeclaration')),
    googleSearchRetrieval: one('opaque'),
    codeExecution: one('opaque'),
    googleSearch: one('opaque'),
    urlContext: one('opaque'),
    computerUse: one('opaque'),
    fileSearch: one('opaque'),
    googleMaps: one('opaque'),
  },
  FunctionDeclaration: {
    name: one('string'),
    description: one('string'),
    behavior: one(enumOf('FunctionDeclaration.Behavior', ['UNSPECIFIED', 'BLOCKING', 'NON_BLOCKING'])),
    // `parameters` is the OpenAPI-3 subset (Schema below); `parametersJsonSchema` takes full JSON Schema.
    parameters: one(message('Schema')),
    parametersJsonSchema: one('value'),
    response: one(message('Schema')),
    responseJsonSchema: one('value'),
  },
  Schema: {
    type: one(enumOf('Type', SCHEMA_TYPES, true)),
    format: one('string'),
    title: one('string'),
    description: one('string'),
    nullable: one('bool'),
    enum: many('string'),
    maxItems: one('int'),
    minItems: one('int'),
    properties: one({ mapOf: 'Schema' }),
    propertyOrdering: many('string'),
    required: many('string'),
    minProperties: one('int'),
    maxProperties: one('int'),
    minLength: one('int'),
    maxLength: one('int'),
    pattern: one('string'),
    example: one('value'),
    anyOf: many(message('Schema')),
    default: one('value'),
    items: one(message('Schema')),
    minimum: one('float'),
    maximum: one('float'),
  },
  ToolConfig: { functionCallingConfig: one(message('FunctionCallingConfig')), retrievalConfig: one('opaque') },
  FunctionCallingConfig: { mode: one(enumOf('FunctionCallingConfig.Mode', CALLING_MODES)), allowedFunctionNames: many('string') },
  SafetySetting: { category: one(enumOf('HarmCategory', HARM_CATEGORIES)), threshold: one(enumOf('SafetySetting.HarmBlockThreshold', THRESHOLDS)) },
  GenerationConfig: {
    candidateCount: one('int'),
    stopSequences: many('string'),
    maxOutputTokens: one('int'),
    temperature: one('float'),
    topP: one('float'),
    topK: one('int'),
    seed: one('int'),
    presencePenalty: one('float'),
    frequencyPenalty: one('float'),
    responseLogprobs: one('bool'),
    logprobs: one('int'),
    enableEnhancedCivicAnswers: one('bool'),
    responseMimeType: one('string'),
    responseSchema: one(message('Schema')),
    responseJsonSchema: one('value'),
    responseModalities: many(enumOf('GenerationConfig.Modality', ['MODALITY_UNSPECIFIED', 'TEXT', 'IMAGE', 'AUDIO'])),
    speechConfig: one('opaque'),
    imageConfig: one('opaque'),
    mediaResolution: one(enumOf('GenerationConfig.MediaResolution', ['MEDIA_RESOLUTION_UNSPECIFIED', 'MEDIA_RESOLUTION_LOW', 'MEDIA_RESOLUTION_MEDIUM', 'MEDIA_RESOLUTION_HIGH'])),
    thinkingConfig: one(message('ThinkingConfig')),
  },
  ThinkingConfig: {
    includeThoughts: one('bool'),
    thinkingBudget: one('int'),
    thinkingLevel: one(enumOf('ThinkingConfig.ThinkingLevel', ['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'], true)),
  },
};

/** The declared (camelCase) name for a JSON key, if the key is the camelCase or snake_case name of a field. */
function fieldName(fields: Record<string, Field>, key: string): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  const name = camel(key);
  return name !== key && Object.hasOwn(fields, name) && snake(name) === key ? name : undefined;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const at = (path: string): string => (path ? ` at '${path}'` : '');
const invalidValue = (path: string, type: string, value: unknown): Violation => ({ field: path, description: `Invalid value at '${path}' (${type}), ${JSON.stringify(value)}` });

function parseScalar(value: unknown, kind: Kind, path: string, out: Violation[]): void {
  if (kind === 'value') return;
  if (kind === 'string' && typeof value !== 'string') out.push(invalidValue(path, 'TYPE_STRING', value));
  else if (kind === 'bool' && typeof value !== 'boolean') out.push(invalidValue(path, 'TYPE_BOOL', value));
  // Proto-JSON accepts integers and floats as numbers or numeric strings.
  else if (kind === 'int' && !(Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value)))) out.push(invalidValue(path, 'TYPE_INT32', value));
  else if (kind === 'float' && numberOf(value) === undefined) out.push(invalidValue(path, 'TYPE_FLOAT', value));
  else if (kind === 'bytes') {
    // `bytes` travel as base64: a `data:` URL or a made-up signature fails to decode.
    if (typeof value !== 'string') out.push(invalidValue(path, 'TYPE_BYTES', value));
    else if (!BASE64.test(value)) out.push({ field: path, description: `Invalid value at '${path}' (TYPE_BYTES), Base64 decoding failed for ${JSON.stringify(value)}` });
  } else if ((kind === 'struct' || kind === 'opaque') && !isObject(value)) out.push(invalidValue(path, 'type.googleapis.com/google.protobuf.Struct', value));
}

function parseValue(value: unknown, kind: Kind, path: string, out: Violation[]): void {
  if (typeof kind === 'string') return parseScalar(value, kind, path, out);
  if ('enumName' in kind) {
    const ok = typeof value === 'string' ? kind.values.some((v) => (kind.anyCase ? v === value.toUpperCase() : v === value)) : Number.isInteger(value);
    if (!ok) out.push(invalidValue(path, kind.enumName, value));
    return;
  }
  if ('message' in kind) return parseMessage(value, kind.message, path, out);
  if (!isObject(value)) {
    out.push(invalidValue(path, `${V1BETA}.Schema`, value));
    return;
  }
  // Map entries are reported by position: `properties[0].value`.
  Object.values(value).forEach((entry, index) => parseMessage(entry, kind.mapOf, `${path}[${index}].value`, out));
}

function parseMessage(value: unknown, name: MessageName, path: string, out: Violation[]): void {
  if (!isObject(value)) {
    out.push(invalidValue(path, `${V1BETA}.${name}`, value));
    return;
  }
  const fields = MESSAGES[name];
  for (const [key, child] of Object.entries(value)) {
    const declared = fieldName(fields, key);
    if (declared === undefined) {
      out.push({ field: path, description: `Invalid JSON payload received. Unknown name ${JSON.stringify(key)}${at(path)}: Cannot find field.` });
      continue;
    }
    const field = fields[declared];
    if (!field || child === null) continue; // null = unset in proto-JSON
    const childPath = joinPath(path, snake(declared));
    if (field.repeated) {
      list(child).forEach((item, index) => parseValue(item, field.kind, `${childPath}[${index}]`, out));
    } else if (Array.isArray(child) && field.kind !== 'value') {
      // What the API says about `"type": ["string", "null"]` or `"args": []`.
      out.push({ field: path, description: `Invalid JSON payload received. Unknown name ${JSON.stringify(key)}${at(path)}: Proto field is not repeating, cannot start list.` });
    } else {
      parseValue(child, field.kind, childPath, out);
    }
  }
}

function parseRequest(body: unknown, name: MessageName): Violation[] {
  if (body !== undefined && !isObject(body)) return [{ field: '', description: 'Invalid JSON payload received. Unknown name "": Root element must be a message.' }];
  const out: Violation[] = [];
  parseMessage(body ?? {}, name, '', out);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Request semantics (checked after parsing succeeded; the first problem wins, as with the real API)

const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'] as const;
const ROLES = ['user', 'model', 'function']; // `function` is the legacy role for function responses
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
const MIME_TYPES = ['text/plain', 'application/json', 'application/xml', 'application/yaml', 'text/x.enum'];
const REQ = '* GenerateContentRequest';

const dataFields = (part: Json): string[] => DATA_FIELDS.filter((name) => pick(part, name) !== undefined);
const partsOf = (content: unknown): Json[] => objects(pick(content, 'parts'));
const roleOf = (content: Json): string => (typeof pick(content, 'role') === 'string' && pick(content, 'role') !== '' ? String(pick(content, 'role')) : 'user');
const callsOf = (content: Json): Json[] => partsOf(content).flatMap((part) => objects(pick(part, 'functionCall')));
const responsesOf = (content: Json): Json[] => partsOf(content).flatMap((part) => objects(pick(part, 'functionResponse')));
const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value !== '';

function checkPart(part: Json, path: string): string | undefined {
  const set = dataFields(part);
  if (set.length === 0) return `${REQ}.${path}.data: required oneof field 'data' must have one initialized field\n`;
  if (set.length > 1) return `Invalid JSON payload received. Oneof field 'data' is already set. Cannot set '${set[1]}'${at(path)}.`;
  const inline = pick(part, 'inlineData');
  if (inline !== undefined && (!nonEmpty(pick(inline, 'mimeType')) || !nonEmpty(pick(inline, 'data')))) {
    return `${REQ}.${path}.inline_data: both mime_type and data must be set.\n`;
  }
  const file = pick(part, 'fileData');
  if (file !== undefined && !nonEmpty(pick(file, 'fileUri'))) return `${REQ}.${path}.file_data.file_uri: file_uri must not be empty.\n`;
  const call = pick(part, 'functionCall');
  if (call !== undefined && !nonEmpty(pick(call, 'name'))) return `${REQ}.${path}.function_call.name: Name cannot be empty.\n`;
  const response = pick(part, 'functionResponse');
  if (response !== undefined) {
    if (!nonEmpty(pick(response, 'name'))) return `${REQ}.${path}.function_response.name: Name cannot be empty.\n`;
    // `response` is a google.protobuf.Struct: a JSON object is required (wrap strings as {"result": …}).
    if (pick(response, 'response') === undefined) return `${REQ}.${path}.function_response.response: response must be a JSON object.\n`;
  }
  return undefined;
}

function checkContents(contents: Json[]): string | undefined {
  if (contents.length === 0) return `${REQ}.contents: contents is not specified\n`;
  for (const [i, content] of contents.entries()) {
    const role = pick(content, 'role');
    if (nonEmpty(role) && !ROLES.includes(String(role))) return 'Please use a valid role: user, model.';
    const parts = partsOf(content);
    if (parts.length === 0) return `${REQ}.contents[${i}].parts: contents.parts must not be empty.\n`;
    for (const [j, part] of parts.entries()) {
      const problem = checkPart(part, `contents[${i}].parts[${j}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkSystemInstruction(system: unknown): string | undefined {
  if (system === undefined) return undefined;
  const parts = partsOf(system);
  if (parts.length === 0) return `${REQ}.system_instruction.parts: contents.parts must not be empty.\n`;
  const bad = parts.findIndex((part) => typeof pick(part, 'text') !== 'string' || dataFields(part).length !== 1);
  return bad === -1 ? undefined : `${REQ}.system_instruction.parts[${bad}]: only text parts are supported in system_instruction.\n`;
}

/** Returns the declared function names, or the problem. */
function checkTools(tools: Json[]): string[] | string {
  const names: string[] = [];
  for (const [t, tool] of tools.entries()) {
    const set = Object.keys(MESSAGES.Tool).filter((name) => pick(tool, name) !== undefined && !(name === 'functionDeclarations' && list(pick(tool, name)).length === 0));
    if (set.length === 0) return `${REQ}.tools[${t}].tool_type: required oneof field 'tool_type' must have one initialized field\n`;
    for (const [d, declaration] of objects(pick(tool, 'functionDeclarations')).entries()) {
      const path = `${REQ}.tools[${t}].function_declarations[${d}]`;
      const name = pick(declaration, 'name');
      if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
        return `${path}.name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n`;
      }
      if (names.includes(name)) return `${path}.name: Duplicate function declaration found: ${name}\n`;
      names.push(name);
      const jsonSchema = pick(declaration, 'parametersJsonSchema');
      if (pick(declaration, 'parameters') !== undefined && jsonSchema !== undefined) {
        return `${path}.parameters_json_schema: parameters_json_schema must not be set when parameters is set.\n`;
      }
      if (jsonSchema !== undefined && !isObject(jsonSchema) && typeof jsonSchema !== 'boolean') return `${path}.parameters_json_schema: must be a JSON Schema object.\n`;
      if (pick(declaration, 'response') !== undefined && pick(declaration, 'responseJsonSchema') !== undefined) {
        return `${path}.response_json_schema: response_json_schema must not be set when response is set.\n`;
      }
    }
  }
  return names;
}

function checkToolConfig(toolConfig: unknown, declared: string[]): string | undefined {
  const config = pick(toolConfig, 'functionCallingConfig');
  if (config === undefined) return undefined;
  const mode = String(pick(config, 'mode') ?? 'AUTO');
  const allowed = list(pick(config, 'allowedFunctionNames'));
  const path = `${REQ}.tool_config.function_calling_config`;
  if (allowed.length && mode !== 'ANY' && mode !== 'VALIDATED') {
    return `${path}.allowed_function_names: allowed_function_names may only be set when mode is ANY or VALIDATED.\n`;
  }
  if ((mode === 'ANY' || mode === 'VALIDATED') && declared.length === 0) return `${path}: function calling config is set without function_declarations.\n`;
  const unknown = allowed.find((name) => !declared.includes(String(name)));
  if (unknown !== undefined) return `${path}.allowed_function_names: function ${JSON.stringify(unknown)} is not declared in tools.\n`;
  return undefined;
}

function checkGenerationConfig(config: unknown): string | undefined {
  if (config === undefined) return undefined;
  const path = `${REQ}.generation_config`;
  const value = (name: string): number | undefined => numberOf(pick(config, name));
  const temperature = value('temperature');
  if (temperature !== undefined && (temperature < 0 || temperature > 2)) return `${path}.temperature: temperature must be in the range [0.0, 2.0].\n`;
  const topP = value('topP');
  if (topP !== undefined && (topP < 0 || topP > 1)) return `${path}.top_p: top_p must be in the range [0.0, 1.0].\n`;
  const candidates = value('candidateCount');
  if (candidates !== undefined && (candidates < 1 || candidates > 8)) return `${path}.candidate_count: candidate_count must be in the range [1, 8].\n`;
  const maxTokens = value('maxOutputTokens');
  if (maxTokens !== undefined && maxTokens < 1) return `${path}.max_output_tokens: max_output_tokens must be positive.\n`;
  if (list(pick(config, 'stopSequences')).length > 5) return `${path}.stop_sequences: at most 5 stop sequences are supported.\n`;
  const mimeType = pick(config, 'responseMimeType');
  if (mimeType !== undefined && !MIME_TYPES.includes(String(mimeType))) {
    return `${path}.response_mime_type: allowed mimetypes are \`text/plain\`, \`application/json\`, \`application/xml\`, \`application/yaml\` and \`text/x.enum\`.\n`;
  }
  const schema = pick(config, 'responseSchema');
  const jsonSchema = pick(config, 'responseJsonSchema');
  if (schema !== undefined && jsonSchema !== undefined) return `${path}.response_json_schema: response_json_schema must not be set when response_schema is set.\n`;
  if ((schema !== undefined || jsonSchema !== undefined) && mimeType !== 'application/json' && mimeType !== 'text/x.enum') {
    // A structured-output translation that forgets responseMimeType fails like this.
    return `${path}.response_mime_type: response_mime_type must be "application/json" when a response schema is set.\n`;
  }
  const thinking = pick(config, 'thinkingConfig');
  if (pick(thinking, 'thinkingBudget') !== undefined && pick(thinking, 'thinkingLevel') !== undefined) {
    return 'Unable to submit request because thinking_budget and thinking_level are not supported together.';
  }
  const budget = numberOf(pick(thinking, 'thinkingBudget'));
  if (budget !== undefined && budget < -1) return `${path}.thinking_config.thinking_budget: thinking_budget must be -1 (dynamic), 0 (off) or positive.\n`;
  return undefined;
}

/**
 * Function calling turns: a `model` content with N functionCall parts must follow a user/function turn and
 * be followed immediately by ONE user (or legacy `function`) content holding exactly N functionResponse
 * parts (any order, same names); a function response turn must follow a function call turn.
 */
function checkFunctionTurns(contents: Json[]): string | undefined {
  const COUNT = 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
  for (const [i, content] of contents.entries()) {
    const calls = callsOf(content);
    const responses = responsesOf(content);
    const previous = contents[i - 1];
    if (calls.length) {
      if (roleOf(content) !== 'model') return `${REQ}.contents[${i}]: function_call parts are only allowed in 'model' turns.\n`;
      if (!previous || roleOf(previous) === 'model') return 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.';
      const next = contents[i + 1];
      const answered = next && roleOf(next) !== 'model' ? responsesOf(next) : [];
      const names = (items: Json[]): string => items.map((item) => String(pick(item, 'name'))).sort().join('\u0000');
      if (answered.length !== calls.length || names(answered) !== names(calls)) return COUNT;
    }
    if (responses.length && (roleOf(content) === 'model' || !previous || callsOf(previous).length === 0)) {
      return 'Please ensure that function response turn comes immediately after a function call turn.';
    }
  }
  return undefined;
}

const callKey = (name: unknown, args: unknown): string => `${String(name)}\u0000${canonical(args ?? {})}`;

/**
 * Thought signatures (Gemini 3 behaviour): a replayed functionCall part must carry the exact signature it
 * was issued with. A signature this mock never issued (or issued for another function) is rejected for
 * every model; a call that was issued one but comes back without it is rejected on thinking models.
 */
function checkSignatures(contents: Json[], state: MockState, thinkingModel: boolean): string | undefined {
  for (const [i, content] of contents.entries()) {
    if (roleOf(content) !== 'model') continue;
    for (const part of partsOf(content)) {
      const call = pick(part, 'functionCall');
      if (call === undefined) continue;
      const name = String(pick(call, 'name'));
      const signature = pick(part, 'thoughtSignature');
      if (typeof signature === 'string') {
        if (DUMMY_THOUGHT_SIGNATURES.includes(signature)) continue;
        if (state.signatures.get(signature) !== name) return `Corrupted thought signature. Additional data, function call \`default_api:${name}\` , position ${i + 1}.`;
      } else if (thinkingModel && state.signedCalls.has(callKey(name, pick(call, 'args')))) {
        return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
      }
    }
  }
  return undefined;
}

/** All semantic checks for a GenerateContentRequest; `state` undefined skips the thought-signature check. */
function checkGenerate(body: Json, state: MockState | undefined, thinkingModel: boolean): string | undefined {
  const contents = objects(pick(body, 'contents'));
  const tools = checkTools(objects(pick(body, 'tools')));
  if (typeof tools === 'string') return tools;
  return (
    checkContents(contents) ??
    checkSystemInstruction(pick(body, 'systemInstruction')) ??
    checkToolConfig(pick(body, 'toolConfig'), tools) ??
    checkGenerationConfig(pick(body, 'generationConfig')) ??
    checkFunctionTurns(contents) ??
    (state ? checkSignatures(contents, state, thinkingModel) : undefined)
  );
}

// ---------------------------------------------------------------------------------------------------
// Responses

interface MockState {
  signatures: Map<string, string>;
  /** name+args of calls that were issued with a signature. */
  signedCalls: Set<string>;
}

interface Ctx {
  model: string;
  body: Json;
  state: MockState;
  /** `alt=sse` (else the legacy JSON-array stream). */
  sse: boolean;
}

interface Usage {
  prompt: number;
  candidates?: number;
  cached?: number;
  thoughts?: number;
}

/** promptTokenCount includes cached tokens; candidatesTokenCount excludes thoughts; total = prompt + candidates + thoughts. */
function usageMetadata(usage: Usage): Json {
  const out: Json = { promptTokenCount: usage.prompt };
  if (usage.candidates !== undefined) out.candidatesTokenCount = usage.candidates;
  out.totalTokenCount = usage.prompt + (usage.candidates ?? 0) + (usage.thoughts ?? 0);
  if (usage.cached) out.cachedContentTokenCount = usage.cached;
  out.promptTokensDetails = [{ modality: 'TEXT', tokenCount: usage.prompt }];
  if (usage.cached) out.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: usage.cached }];
  if (usage.thoughts) out.thoughtsTokenCount = usage.thoughts;
  return out;
}

const modelVersion = (model: string): string => `${model}-001`;
const generationConfig = (ctx: Ctx): unknown => pick(ctx.body, 'generationConfig');
const thinkingConfig = (ctx: Ctx): unknown => pick(generationConfig(ctx), 'thinkingConfig');

interface CandidateSpec {
  parts?: Json[];
  finishReason?: string;
  safetyRatings?: Json[];
}

/** One GenerateContentResponse (a whole answer, or one stream chunk holding only the new parts). */
function responseOf(ctx: Ctx, spec: CandidateSpec, usage: Usage): Json {
  const count = Math.max(1, numberOf(pick(generationConfig(ctx), 'candidateCount')) ?? 1);
  const candidates = Array.from({ length: count }, (_, index) => ({
    ...(spec.parts ? { content: { parts: spec.parts, role: 'model' } } : {}),
    ...(spec.finishReason ? { finishReason: spec.finishReason } : {}),
    index,
    ...(spec.safetyRatings ? { safetyRatings: spec.safetyRatings } : {}),
  }));
  return { candidates, usageMetadata: usageMetadata(usage), modelVersion: modelVersion(ctx.model), responseId: MOCK_RESPONSE_ID };
}

/** Concatenates streamed text parts (same `thought` flag) and drops the empty closing `{text:""}`. */
function mergeParts(parts: Json[]): Json[] {
  const merged: Json[] = [];
  for (const part of parts) {
    const previous = merged.at(-1);
    if (typeof part.text === 'string' && part.thoughtSignature === undefined) {
      if (part.text === '') continue;
      if (previous && typeof previous.text === 'string' && previous.thought === part.thought) {
        previous.text += part.text;
        continue;
      }
    }
    merged.push({ ...part });
  }
  return merged;
}

/** The non-streaming answer is the merge of the stream chunks (as the real API's aggregate). */
function mergeChunks(chunks: Json[]): Json {
  const byIndex = new Map<number, { parts: Json[]; finishReason?: unknown; safetyRatings?: unknown }>();
  let promptFeedback: unknown;
  for (const chunk of chunks) {
    promptFeedback ??= chunk.promptFeedback;
    for (const candidate of objects(chunk.candidates)) {
      const index = Number(candidate.index ?? 0);
      const entry = byIndex.get(index) ?? { parts: [] };
      entry.parts.push(...objects(pick(candidate.content, 'parts')));
      entry.finishReason = candidate.finishReason ?? entry.finishReason;
      entry.safetyRatings = candidate.safetyRatings ?? entry.safetyRatings;
      byIndex.set(index, entry);
    }
  }
  const last = chunks.at(-1) ?? {};
  const candidates = [...byIndex.entries()].map(([index, entry]) => {
    const parts = mergeParts(entry.parts);
    return {
      ...(parts.length ? { content: { parts, role: 'model' } } : {}),
      ...(entry.finishReason ? { finishReason: entry.finishReason } : {}),
      index,
      ...(entry.safetyRatings ? { safetyRatings: entry.safetyRatings } : {}),
    };
  });
  return {
    ...(candidates.length ? { candidates } : {}),
    ...(promptFeedback ? { promptFeedback } : {}),
    usageMetadata: last.usageMetadata,
    modelVersion: last.modelVersion,
    responseId: last.responseId,
  };
}

interface Frames {
  write(value: Json): void;
  end(): void;
}

/** `alt=sse`: data-only frames with CRLF delimiters, no `event:` lines, no terminator (the server just closes). */
function sseFrames(res: ServerResponse): Frames {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  return { write: (value) => res.write(`data: ${JSON.stringify(value)}\r\n\r\n`), end: () => res.end() };
}

/** Without `alt=sse`, streamGenerateContent writes one JSON array progressively: `[{…}\r\n,{…}]`. */
function arrayFrames(res: ServerResponse): Frames {
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
  let first = true;
  return {
    write: (value) => {
      res.write(`${first ? '[' : '\r\n,'}${JSON.stringify(value, null, 2)}`);
      first = false;
    },
    end: () => res.end(first ? '[]' : ']'),
  };
}

async function writeStream(ctx: Ctx, res: ServerResponse, chunks: Json[], delayMs = 0): Promise<void> {
  const frames = ctx.sse ? sseFrames(res) : arrayFrames(res);
  for (const [index, chunk] of chunks.entries()) {
    if (index && delayMs) await sleep(delayMs);
    if (res.destroyed) return;
    frames.write(chunk);
  }
  frames.end();
}

/** [text, candidate tokens] pieces; the totals add up to the scenario's candidatesTokenCount. */
type Pieces = ReadonlyArray<readonly [string, number]>;
const TEXT_PIECES: Pieces = [['The capital of', 3], [' France is', 3], [' Paris.', 3]];
const TEXT_USAGE = { prompt: 21, cached: 4 };

interface TextOptions {
  usage: Usage;
  thought?: string;
  finishReason?: string;
  /** Close with a `{text:""}` chunk carrying finishReason (the usual Gemini shape) rather than on the last piece. */
  closingChunk?: boolean;
}

function textChunks(ctx: Ctx, pieces: Pieces, options: TextOptions): Json[] {
  const { usage, thought, finishReason = 'STOP', closingChunk = true } = options;
  const chunks: Json[] = [];
  if (thought) chunks.push(responseOf(ctx, { parts: [{ text: thought, thought: true }] }, { ...usage, candidates: 0 }));
  let produced = 0;
  pieces.forEach(([text, tokens], index) => {
    produced += tokens;
    const last = index === pieces.length - 1 && !closingChunk;
    chunks.push(responseOf(ctx, { parts: [{ text }], ...(last ? { finishReason } : {}) }, { ...usage, candidates: produced }));
  });
  if (closingChunk) chunks.push(responseOf(ctx, { parts: [{ text: '' }], finishReason }, { ...usage, candidates: produced }));
  return chunks;
}

interface Call {
  name: string;
  args: Json;
}

const PARIS: Call = { name: 'get_weather', args: { city: 'Paris' } };
const TOKYO: Call = { name: 'get_weather', args: { city: 'Tokyo', unit: 'c' } };

/** Issues a fresh signature for a call and remembers it for the replay check. */
function issueSignature(state: MockState, call: Call): string {
  const signature = Buffer.from(`signalbox-mock-thought-${state.signatures.size + 1}:${call.name}`).toString('base64');
  state.signatures.set(signature, call.name);
  state.signedCalls.add(callKey(call.name, call.args));
  return signature;
}

/** Developer API function calls carry no `id`; the first call of a thinking turn carries the thoughtSignature. */
function callParts(ctx: Ctx, calls: Call[], signed: boolean): Json[] {
  return calls.map((call, index) => ({
    functionCall: { name: call.name, args: call.args },
    ...(signed && index === 0 ? { thoughtSignature: issueSignature(ctx.state, call) } : {}),
  }));
}

/** True when the last content answers function calls: tool scenarios then reply with text. */
const answersTools = (ctx: Ctx): boolean => {
  const last = objects(pick(ctx.body, 'contents')).at(-1);
  return last !== undefined && responsesOf(last).length > 0;
};

const toolAnswer = (ctx: Ctx): Json[] => textChunks(ctx, [[MOCK_TOOL_ANSWER, 11]], { usage: { prompt: 68 } });

/** Thinking is on unless `thinkingBudget: 0`; thought text is only returned with `includeThoughts: true`. */
function thinking(ctx: Ctx, thoughtTokens: number, thought: string): { thoughts?: number; thought?: string } {
  if (numberOf(pick(thinkingConfig(ctx), 'thinkingBudget')) === 0) return {};
  return { thoughts: thoughtTokens, ...(pick(thinkingConfig(ctx), 'includeThoughts') === true ? { thought } : {}) };
}

/** What `gemini-echo` answers with: a summary of the request as received (after the gateway's translation). */
export interface EchoSummary {
  systemInstruction: string | null;
  contents: number;
  roles: string[];
  /** Data field of every part, per content (`text`, `inlineData`, `functionCall`, …; `thought` marked `text(thought)`). */
  parts: string[][];
  /** Function declaration names, plus the key of any other tool (`googleSearch`, …). */
  tools: string[];
  toolConfig: unknown;
  generationConfig: unknown;
}

function echoSummary(body: Json): EchoSummary {
  const contents = objects(pick(body, 'contents'));
  const system = pick(body, 'systemInstruction');
  return {
    systemInstruction: system === undefined ? null : partsOf(system).map((part) => String(pick(part, 'text') ?? '')).join('\n'),
    contents: contents.length,
    roles: contents.map((content) => roleOf(content)),
    parts: contents.map((content) => partsOf(content).map((part) => `${dataFields(part).join('+')}${pick(part, 'thought') === true ? '(thought)' : ''}`)),
    tools: objects(pick(body, 'tools')).flatMap((tool) =>
      Object.keys(tool).flatMap((key) => (camel(key) === 'functionDeclarations' ? objects(tool[key]).map((d) => String(pick(d, 'name'))) : [camel(key)])),
    ),
    toolConfig: pick(body, 'toolConfig') ?? null,
    generationConfig: pick(body, 'generationConfig') ?? null,
  };
}

function quotaExceeded(ctx: Ctx, res: ServerResponse): void {
  // No rate-limit headers: clients read RetryInfo.retryDelay from the body.
  sendError(res, 429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          quotaDimensions: { location: 'global', model: ctx.model },
          quotaValue: '10',
        },
      ],
    },
    { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
  ]);
}

const OVERLOADED = errorBody(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');

interface Scenario {
  /** The answer as complete stream chunks; a non-streaming request gets them merged into one response. */
  chunks?: (ctx: Ctx) => Json[];
  /** Pause before each chunk after the first (and chunks × delay before a merged non-streaming answer). */
  delayMs?: number;
  /** Non-streaming behaviour overriding `chunks`; also used for streaming when there is no `chunks`/`stream` (HTTP errors). */
  respond?: (ctx: Ctx, res: ServerResponse) => void;
  /** Streaming behaviour overriding `chunks`. */
  stream?: (ctx: Ctx, res: ServerResponse) => Promise<void> | void;
}

/** Also the answer for model names that are not scenarios. */
const TEXT_SCENARIO: Scenario = { chunks: (ctx) => textChunks(ctx, TEXT_PIECES, { usage: TEXT_USAGE }) };

/**
 * Behaviour by model name (generateContent and streamGenerateContent alike; unknown names = `gemini-text`):
 * - `gemini-text`: MOCK_TEXT in 3 chunks + a closing `{text:""}` chunk with STOP; usage 21 prompt (4 cached) / 9 / 30.
 * - `gemini-tool`: one `get_weather({city:"Paris"})` call (no id), STOP. `gemini-parallel`: Paris + Tokyo (`unit:"c"`)
 *   in one chunk, STOP. Both answer MOCK_TOOL_ANSWER when the last content carries the function responses.
 * - `gemini-thinking`: thoughtsTokenCount 5, a `{text: MOCK_THOUGHT, thought: true}` part first with `includeThoughts`
 *   (no thinking at all with `thinkingBudget: 0`).
 * - `gemini-thinking-tool`: like `gemini-parallel`, the first call carrying a freshly issued `thoughtSignature`
 *   (replays on thinking models must send it back; see checkSignatures).
 * - `gemini-max-tokens` (MAX_TOKENS), `gemini-safety` (candidate blocked), `gemini-blocked` (prompt blocked, no candidates).
 * - `gemini-echo`: text = JSON of an EchoSummary of the request as received (system text, roles, part kinds, tool
 *   names, toolConfig, generationConfig) — assert on a gateway's translation with `JSON.parse(text)`.
 * - `gemini-slow` (10 words, 120 ms apart), `gemini-hang` (never answers): timeouts and client aborts.
 * - `gemini-error-midstream`: one text chunk then an in-band 503 UNAVAILABLE error frame (non-streaming: HTTP 503).
 * - `gemini-429` (RESOURCE_EXHAUSTED + QuotaFailure + RetryInfo 7s), `gemini-500`, `gemini-503`, `gemini-404`: HTTP errors.
 */
export const SCENARIOS: Record<string, Scenario> = {
  'gemini-text': TEXT_SCENARIO,
  'gemini-tool': {
    // A function call ends with finishReason STOP: the only signal is the functionCall part.
    chunks: (ctx) =>
      answersTools(ctx)
        ? toolAnswer(ctx)
        : [responseOf(ctx, { parts: callParts(ctx, [PARIS], false) }, { prompt: 41, candidates: 7 }), responseOf(ctx, { parts: [{ text: '' }], finishReason: 'STOP' }, { prompt: 41, candidates: 7 })],
  },
  'gemini-parallel': {
    chunks: (ctx) => (answersTools(ctx) ? toolAnswer(ctx) : [responseOf(ctx, { parts: callParts(ctx, [PARIS, TOKYO], false), finishReason: 'STOP' }, { prompt: 41, candidates: 14 })]),
  },
  'gemini-thinking': {
    chunks: (ctx) => {
      const { thoughts, thought } = thinking(ctx, 5, MOCK_THOUGHT);
      return textChunks(ctx, TEXT_PIECES, { usage: { ...TEXT_USAGE, thoughts }, thought });
    },
  },
  'gemini-thinking-tool': {
    chunks: (ctx) => {
      const { thoughts, thought } = thinking(ctx, 60, 'I should check the weather in both cities.');
      if (answersTools(ctx)) return textChunks(ctx, [[MOCK_TOOL_ANSWER, 11]], { usage: { prompt: 68, thoughts } });
      const usage = { prompt: 41, candidates: 14, thoughts };
      return [
        ...(thought ? [responseOf(ctx, { parts: [{ text: thought, thought: true }] }, { ...usage, candidates: 0 })] : []),
        responseOf(ctx, { parts: callParts(ctx, [PARIS, TOKYO], true), finishReason: 'STOP' }, usage),
      ];
    },
  },
  'gemini-max-tokens': {
    chunks: (ctx) => textChunks(ctx, [['The capital of', 3], [' France is', 2]], { usage: { prompt: 9 }, finishReason: 'MAX_TOKENS', closingChunk: false }),
  },
  'gemini-safety': {
    // Candidate blocked: finishReason SAFETY, no content, the blocking rating marked `blocked`.
    chunks: (ctx) => [
      responseOf(ctx, { finishReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'MEDIUM', blocked: true }] }, { prompt: 12, candidates: 0 }),
    ],
  },
  'gemini-blocked': {
    // Prompt blocked: no candidates at all, only promptFeedback.blockReason.
    chunks: (ctx) => [
      {
        promptFeedback: {
          blockReason: 'SAFETY',
          safetyRatings: [
            { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
            { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
          ],
        },
        usageMetadata: usageMetadata({ prompt: 12 }),
        modelVersion: modelVersion(ctx.model),
        responseId: MOCK_RESPONSE_ID,
      },
    ],
  },
  'gemini-echo': {
    chunks: (ctx) => textChunks(ctx, [[JSON.stringify(echoSummary(ctx.body)), 20]], { usage: { prompt: 21 } }),
  },
  'gemini-slow': {
    chunks: (ctx) => textChunks(ctx, 'one two three four five six seven eight nine ten'.split(/(?= )/).map((word) => [word, 1] as const), { usage: { prompt: 5 } }),
    delayMs: 120,
  },
  'gemini-error-midstream': {
    // In-band error after HTTP 200: @google/genai throws ApiError(status = error.code).
    stream: (ctx, res) => {
      const frames = ctx.sse ? sseFrames(res) : arrayFrames(res);
      frames.write(responseOf(ctx, { parts: [{ text: 'The capital of' }] }, { prompt: 9, candidates: 3 }));
      frames.write(OVERLOADED);
      frames.end();
    },
    respond: (_ctx, res) => sendJson(res, OVERLOADED, 503),
  },
  'gemini-429': { respond: quotaExceeded },
  'gemini-500': {
    respond: (_ctx, res) => sendError(res, 500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'),
  },
  'gemini-503': { respond: (_ctx, res) => sendJson(res, OVERLOADED, 503) },
  'gemini-404': {
    respond: (ctx, res) =>
      sendError(res, 404, 'NOT_FOUND', `models/${ctx.model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`),
  },
  'gemini-hang': { respond: () => undefined },
};

function answer(scenario: Scenario, ctx: Ctx, res: ServerResponse, streaming: boolean): void {
  if (streaming && scenario.stream) return void scenario.stream(ctx, res);
  if (scenario.chunks) {
    const chunks = scenario.chunks(ctx);
    if (streaming) return void writeStream(ctx, res, chunks, scenario.delayMs);
    const reply = (): void => sendJson(res, mergeChunks(chunks));
    if (scenario.delayMs) return void setTimeout(reply, scenario.delayMs * chunks.length);
    return reply();
  }
  // HTTP-level errors are answered before any stream starts.
  scenario.respond?.(ctx, res);
}

// ---------------------------------------------------------------------------------------------------
// Other methods

/** Deterministic count: ceil(characters / 4) for text (system instruction and tools included), 258 per image/file. */
function countTokens(request: Json): Json {
  let chars = 0;
  let media = 0;
  const visit = (content: Json): void => {
    for (const part of partsOf(content)) {
      const text = pick(part, 'text');
      if (typeof text === 'string') chars += text.length;
      else if (pick(part, 'inlineData') !== undefined || pick(part, 'fileData') !== undefined) media++;
      else chars += JSON.stringify(part).length;
    }
  };
  objects(pick(request, 'contents')).forEach(visit);
  const system = pick(request, 'systemInstruction');
  if (isObject(system)) visit(system);
  const tools = pick(request, 'tools');
  if (tools !== undefined) chars += JSON.stringify(tools).length;
  const text = Math.ceil(chars / 4);
  const details = [{ modality: 'TEXT', tokenCount: text }, ...(media ? [{ modality: 'IMAGE', tokenCount: media * 258 }] : [])];
  return { totalTokens: text + media * 258, promptTokensDetails: details };
}

function handleCountTokens(body: unknown, res: ServerResponse): void {
  const violations = parseRequest(body, 'CountTokensRequest');
  if (violations.length) return sendViolations(res, violations);
  const json = (body ?? {}) as Json;
  const inner = pick(json, 'generateContentRequest');
  const contents = pick(json, 'contents');
  if (inner !== undefined && contents !== undefined) return invalidArgument(res, '* CountTokensRequest: only one of contents or generate_content_request may be set.\n');
  if (isObject(inner)) {
    // The embedded request names its model (`models/…`; the bare id is tolerated here).
    if (!nonEmpty(pick(inner, 'model'))) return invalidArgument(res, '* CountTokensRequest.generate_content_request.model: unexpected model name format\n');
    const problem = checkGenerate(inner, undefined, false);
    return problem ? invalidArgument(res, problem) : sendJson(res, countTokens(inner));
  }
  const problem = checkContents(objects(contents));
  return problem ? invalidArgument(res, problem) : sendJson(res, countTokens(json));
}

function modelInfo(id: string): Json {
  return {
    name: `models/${id}`,
    version: '001',
    displayName: `${id.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ')} (mock)`,
    description: `Signalbox mock scenario ${id}.`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: id.includes('thinking'),
  };
}

interface Route {
  model?: string;
  rpc?: string;
}

/** `/v1beta/models`, `/v1beta/models/{model}` or `/v1beta/models/{model}:{rpc}` (a doubled `models/` is tolerated). */
function route(pathname: string): Route | undefined {
  if (pathname === '/v1beta/models') return {};
  const match = /^\/v1beta\/models\/(?:models\/)?([^/:]+)(?::([A-Za-z]+))?$/.exec(pathname);
  return match ? { model: match[1], rpc: match[2] } : undefined;
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers['x-goog-api-key'];
  if (typeof header === 'string') return header;
  return url.searchParams.get('key') ?? undefined;
}

export async function startGeminiMock(options: GeminiMockOptions): Promise<GeminiMock> {
  const requests: RecordedRequest[] = [];
  const aborted: RecordedRequest[] = [];
  const state: MockState = { signatures: new Map(), signedCalls: new Set() };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let pathname = url.pathname;
    try {
      pathname = decodeURIComponent(pathname); // some clients escape the `:` before the method
    } catch {
      // keep the raw path
    }
    const target = route(pathname);
    let body: unknown;
    let invalidJson = false;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
      invalidJson = true;
    }
    const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, ...target };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) aborted.push(record);
    });

    const key = apiKeyOf(req, url);
    if (key === undefined && typeof req.headers.authorization === 'string') {
      // A bearer token is taken for an OAuth access token: sending the API key that way fails with 401.
      return sendError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', metadata: { service: 'generativelanguage.googleapis.com', method: `google.ai.generativelanguage.v1beta.GenerativeService.${target?.rpc ?? 'ListModels'}` } },
      ]);
    }
    // (The real API answers a request with no credentials at all with 403 PERMISSION_DENIED; the mock keeps 400.)
    if (key !== options.apiKey) return apiKeyInvalid(res);

    if (!target) return sendError(res, 404, 'NOT_FOUND', `Method not found: ${req.method ?? 'GET'} ${pathname}`);
    if (req.method === 'GET' && target.rpc === undefined) {
      if (target.model === undefined) return sendJson(res, { models: Object.keys(SCENARIOS).map(modelInfo) });
      // Like generation, any model name is served except the `gemini-404` scenario.
      return target.model === 'gemini-404'
        ? sendError(res, 404, 'NOT_FOUND', `Model is not found: models/${target.model} for api version v1beta`)
        : sendJson(res, modelInfo(target.model));
    }
    if (req.method !== 'POST' || target.model === undefined || target.rpc === undefined) return sendError(res, 404, 'NOT_FOUND', `Method not found: ${req.method ?? 'GET'} ${pathname}`);
    if (invalidJson) return sendViolations(res, [{ field: '', description: `Invalid JSON payload received. Unexpected token.\n${text.slice(0, 40)}\n^` }]);
    if (target.rpc === 'countTokens') return handleCountTokens(body, res);
    if (target.rpc !== 'generateContent' && target.rpc !== 'streamGenerateContent') {
      return sendError(res, 404, 'NOT_FOUND', `models.${target.rpc} is not implemented by the Signalbox Gemini mock.`);
    }

    const violations = parseRequest(body, 'GenerateContentRequest');
    if (violations.length) return sendViolations(res, violations);
    const json = (body ?? {}) as Json;
    const problem = checkGenerate(json, state, target.model.includes('thinking'));
    if (problem) return invalidArgument(res, problem);
    const scenario = SCENARIOS[target.model] ?? TEXT_SCENARIO;
    const ctx: Ctx = { model: target.model, body: json, state, sse: url.searchParams.get('alt') === 'sse' };
    answer(scenario, ctx, res, target.rpc === 'streamGenerateContent');
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: url,
    requests,
    aborted,
    signatures: state.signatures,
    lastBody() {
      const last = [...requests].reverse().find((request) => request.method === 'POST' && request.rpc !== undefined);
      return (isObject(last?.body) ? last.body : {}) as Record<string, unknown>;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
