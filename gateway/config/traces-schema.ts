/**
 * Config for traces: how many recent requests the in-memory trace ring keeps, the live stream's tuning
 * (replay buffer for `Last-Event-ID`, per-subscriber buffer bound, heartbeat), and opt-in body retention
 * (request, upstream request per attempt and response, capped, secrets redacted, kept `retentionDays`).
 */
import { z } from 'zod';

export const LiveTracesConfig = z.strictObject({
  replayEvents: z
    .int()
    .min(0)
    .max(100_000)
    .default(2_000)
    .meta({ description: 'Events kept for clients reconnecting with Last-Event-ID; older ones are reported as missed.' }),
  subscriberBufferBytes: z
    .int()
    .min(4_096)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024)
    .meta({ description: 'Bytes queued for one slow live subscriber before its events are dropped (it is told how many).' }),
  heartbeatMs: z.int().min(10).max(300_000).default(15_000).meta({ description: 'Interval of the SSE comment heartbeat.' }),
  stallTimeoutMs: z
    .int()
    .min(10)
    .max(3_600_000)
    .default(60_000)
    .meta({ description: 'A live subscriber whose connection has not drained for this long is disconnected.' }),
  maxSubscribers: z
    .int()
    .min(1)
    .max(10_000)
    .default(64)
    .meta({ description: 'Live streams open at once (UI windows, scripts); one more gets 503 with Retry-After.' }),
});

export const TracesConfig = z.strictObject({
  ringSize: z.int().min(10).max(100_000).default(1000).meta({ description: 'Recent requests kept in memory for GET /admin/traces.' }),
  bodies: z.boolean().default(false).meta({
    description:
      'Keep request and response bodies (inbound request, what was sent upstream per attempt, the response) for trace detail. Off by default; secrets are always redacted.',
  }),
  maxBodyBytes: z.int().min(1024).max(16 * 1024 * 1024).default(65_536).meta({ description: 'Each kept body is cut at this many bytes (and marked truncated).' }),
  retentionDays: z.int().min(1).max(3650).default(7).meta({ description: 'Kept bodies older than this are deleted (checked daily).' }),
  live: LiveTracesConfig.default(LiveTracesConfig.parse({})),
});

export type TracesConfig = z.output<typeof TracesConfig>;
export type LiveTracesConfig = z.output<typeof LiveTracesConfig>;
