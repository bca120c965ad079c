/**
 * The Response object (`object: "response"`), built in one place for the non-streamed answer and for
 * every snapshot a stream sends (`response.created`, `.in_progress`, `.completed`, `.incomplete`,
 * `.failed`). Field order follows what the API sends.
 * Reference: https://platform.openai.com/docs/api-reference/responses/object
 */
import type { FinishReason } from '../../core/response.js';
import { totalInput, totalOutput, type Usage } from '../../core/usage.js';
import type { ResponseEcho } from './echo-request.js';
import type { OutputItem } from './output-items.js';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';
export type IncompleteReason = 'max_output_tokens' | 'content_filter';

export interface ResponseSnapshot {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  model: string;
  status: ResponseStatus;
  output: OutputItem[];
  usage?: Usage;
  incompleteReason?: IncompleteReason;
  error?: { code: string; message: string };
}

/**
 * How a finished turn is reported. The Responses API has no finish reason: a cut-short turn is
 * `incomplete` with a reason, anything else (including a turn that called tools) is `completed`.
 */
export function outcomeOf(reason: FinishReason | undefined): { status: 'completed' | 'incomplete'; incompleteReason?: IncompleteReason } {
  if (reason?.unified === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (reason?.unified === 'content-filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed' };
}

/** Responses usage: input includes cached tokens, output includes reasoning tokens (wire-formats.md §7.8). */
export function encodeUsage(usage: Usage): Record<string, unknown> {
  const input = totalInput(usage);
  const output = totalOutput(usage);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.inputCacheRead },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.outputReasoning },
    total_tokens: input + output,
  };
}

export function buildResponse(echo: ResponseEcho, snapshot: ResponseSnapshot): Record<string, unknown> {
  return {
    id: snapshot.id,
    object: 'response',
    created_at: snapshot.createdAt,
    status: snapshot.status,
    error: snapshot.error ?? null,
    incomplete_details: snapshot.incompleteReason ? { reason: snapshot.incompleteReason } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    model: snapshot.model,
    output: snapshot.output,
    parallel_tool_calls: echo.parallel_tool_calls,
    // Stateless: nothing is stored, so nothing can be continued from this response.
    previous_response_id: null,
    reasoning: echo.reasoning,
    store: false,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_p: echo.top_p,
    truncation: echo.truncation,
    usage: snapshot.usage ? encodeUsage(snapshot.usage) : null,
    user: echo.user,
    metadata: echo.metadata,
    ...echo.extra,
  };
}
