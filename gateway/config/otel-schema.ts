/**
 * Config for OpenTelemetry export: traces sent over OTLP/HTTP (JSON) to an operator's collector. Off by
 * default; the standard `OTEL_*` environment variables can turn it on and fill in what the config leaves
 * out (see telemetry/otel-config.ts for the precedence). Header values that are credentials must be secret
 * references (`env:NAME`, `keychain:NAME`), like provider keys: config files are shared and committed.
 */
import { z } from 'zod';

/** A header value given as a secret reference rather than the value itself. */
export const OTEL_SECRET_REF = /^(?:env:[A-Za-z_][A-Za-z0-9_]*|keychain:[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/;

/** Header names whose values are credentials: these must be secret references. */
export const OTEL_CREDENTIAL_HEADER = /authorization|api[-_]?key|token|secret|password|cookie|signature/i;

/** An http(s) URL without credentials, query or fragment (the collector; not subject to the provider egress policy). */
export function otlpUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not contain credentials (use headers with a secret reference)';
  if (url.search || url.hash) return 'must not contain a query or fragment';
  return undefined;
}

const OtlpUrl = z.string().superRefine((value, context) => {
  const problem = otlpUrlProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

export const OtelConfig = z
  .strictObject({
    enabled: z.boolean().optional().meta({
      description:
        'Export traces over OTLP/HTTP. Absent: on when an endpoint is given here or in OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it off in any case.',
    }),
    endpoint: OtlpUrl.optional().meta({
      description:
        'Collector URL, e.g. http://127.0.0.1:4318 (`/v1/traces` is appended unless the path already ends with it). Default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318.',
    }),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be a header name'), z.string().max(8192).regex(/^[^\r\n\0]*$/, 'must be one line'))
      .optional()
      .meta({
        description:
          'Headers sent to the collector (over OTEL_EXPORTER_OTLP_HEADERS). A value may be a secret reference (env:NAME or keychain:NAME); credentials (authorization, api keys, tokens) must be.',
      }),
    serviceName: z.string().min(1).max(256).optional().meta({ description: 'service.name of the spans. Default: OTEL_SERVICE_NAME, else "signalbox".' }),
    sampleRatio: z.number().min(0).max(1).optional().meta({
      description:
        'Share of new traces exported (parent-based: a client traceparent\'s sampled flag is followed). Default: OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, else every trace.',
    }),
    timeoutMs: z.int().min(100).max(30_000).optional().meta({
      description: 'Time allowed for one export to the collector. Default: OTEL_EXPORTER_OTLP_TRACES_TIMEOUT / OTEL_EXPORTER_OTLP_TIMEOUT, else 3000.',
    }),
    maxQueueSize: z
      .int()
      .min(16)
      .max(100_000)
      .default(2048)
      .meta({ description: 'Spans waiting for export; beyond it (collector slow or down) whole traces are dropped and counted.' }),
  })
  .superRefine((otel, context) => {
    for (const [name, value] of Object.entries(otel.headers ?? {})) {
      if (OTEL_CREDENTIAL_HEADER.test(name) && !OTEL_SECRET_REF.test(value)) {
        context.addIssue({
          code: 'custom',
          path: ['headers', name],
          message: 'carries a credential: give a secret reference such as env:OTEL_TOKEN or keychain:otel (secret values never go in the config file)',
        });
      }
    }
  });

export type OtelConfig = z.output<typeof OtelConfig>;
