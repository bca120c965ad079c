/**
 * Inbound half, content parts: Responses `input_text` / `input_image` / `input_file` / `output_text` /
 * `refusal` → canonical parts. Unknown part fields ride in `extensions` (dialect `openai-responses`).
 */
import type { ContentPart, FilePart, ImagePart, TextPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import { parseDataUrl } from '../data-url.js';
import { makeExtensions, unknownFields } from '../extensions.js';
import type { InputPart, MessageItem } from './input-schema.js';

const DIALECT = 'openai-responses';
const KNOWN_TEXT_FIELDS = new Set(['type', 'text']);
const KNOWN_IMAGE_FIELDS = new Set(['type', 'image_url', 'detail']);
const KNOWN_FILE_FIELDS = new Set(['type', 'file_data', 'file_id', 'file_url', 'filename']);
/** Output-only metadata that is meaningless in history when empty (the API always sends `[]`). */
const EMPTY_OUTPUT_METADATA = ['annotations', 'logprobs'];

type AssistantPart = Extract<Exclude<Extract<MessageItem, { role: 'assistant' }>['content'], string>[number], object>;

function withExtensions<T extends { extensions?: unknown }>(part: T, fields: Record<string, unknown> | undefined, hints?: Record<string, string | boolean>): T {
  const extensions = makeExtensions(DIALECT, fields, hints);
  if (extensions) part.extensions = extensions;
  return part;
}

export function textPart(part: { text: string } & Record<string, unknown>): TextPart {
  const fields = unknownFields(part, KNOWN_TEXT_FIELDS);
  for (const key of EMPTY_OUTPUT_METADATA) {
    const value = fields?.[key];
    if (fields && Array.isArray(value) && value.length === 0) delete fields[key];
  }
  return withExtensions<TextPart>({ type: 'text', text: part.text }, fields && Object.keys(fields).length ? fields : undefined);
}

/**
 * `image_url` is a URL or a data URL. An image given only by `file_id` has no canonical image source, so
 * it becomes a file part with the `inputImage` hint (a Responses upstream turns it back into an image).
 */
function imagePart(part: Extract<InputPart, { type: 'input_image' }>, param: string): ImagePart | FilePart {
  const fields = unknownFields(part, KNOWN_IMAGE_FIELDS) ?? {};
  const detail = part.detail === 'original' ? undefined : (part.detail ?? undefined);
  // `original` has no canonical equivalent; it rides along for a Responses upstream.
  if (part.detail === 'original') fields.detail = part.detail;
  const extra = Object.keys(fields).length ? fields : undefined;
  if (part.image_url) {
    const inline = parseDataUrl(part.image_url);
    const image: ImagePart = {
      type: 'image',
      source: inline ? { kind: 'base64', mediaType: inline.mediaType, data: inline.data } : { kind: 'url', url: part.image_url },
    };
    if (detail) image.detail = detail;
    return withExtensions(image, extra);
  }
  if (part.file_id) {
    const { file_id: _fileId, ...rest } = fields;
    if (detail) rest.detail = detail;
    return withExtensions<FilePart>({ type: 'file', fileId: part.file_id }, Object.keys(rest).length ? rest : undefined, { inputImage: true });
  }
  throw new GatewayError('invalid_request', `Invalid '${param}.image_url': an input_image needs an 'image_url' or a 'file_id'.`, {
    param: `${param}.image_url`,
    code: 'missing_required_parameter',
  });
}

function filePart(part: Extract<InputPart, { type: 'input_file' }>, param: string): FilePart {
  const file: FilePart = { type: 'file' };
  if (part.file_data) {
    const inline = parseDataUrl(part.file_data);
    file.data = inline ? inline.data : part.file_data;
    if (inline) file.mediaType = inline.mediaType;
  }
  if (part.file_id) file.fileId = part.file_id;
  if (part.file_url) file.url = part.file_url;
  if (!file.data && !file.fileId && !file.url) {
    throw new GatewayError('invalid_request', `Invalid '${param}.file_data': an input_file needs 'file_data', 'file_id' or 'file_url'.`, {
      param: `${param}.file_data`,
      code: 'missing_required_parameter',
    });
  }
  if (part.filename) file.filename = part.filename;
  return withExtensions(file, unknownFields(part, KNOWN_FILE_FIELDS));
}

/** A user part (also the parts of a `function_call_output`). `param` is the part's path, for errors. */
export function decodeInputPart(part: InputPart, param: string): TextPart | ImagePart | FilePart {
  switch (part.type) {
    case 'input_text':
      return textPart(part);
    case 'input_image':
      return imagePart(part, param);
    case 'input_file':
      return filePart(part, param);
  }
}

export function decodeAssistantPart(part: AssistantPart): ContentPart {
  return part.type === 'output_text' ? textPart(part) : { type: 'refusal', text: part.refusal };
}
