/** The outbound halves by dialect: what a provider definition's `dialect` selects. */
import type { OutboundCodec } from './codec.js';
import { anthropicOutbound } from './anthropic-messages/index.js';
import { geminiOutbound } from './gemini/index.js';
import { openaiChatOutbound } from './openai-chat/index.js';

export type OutboundDialect = 'openai-chat' | 'anthropic-messages' | 'gemini';

const OUTBOUND: Record<OutboundDialect, OutboundCodec> = {
  'openai-chat': openaiChatOutbound,
  'anthropic-messages': anthropicOutbound,
  gemini: geminiOutbound,
};

export function outboundCodec(dialect: string): OutboundCodec {
  const codec = OUTBOUND[dialect as OutboundDialect];
  if (!codec) throw new Error(`no outbound codec for dialect ${dialect}`);
  return codec;
}
