/**
 * A local OTLP/HTTP collector for tests: accepts `POST /v1/traces` with OTLP JSON (gzip or not), records
 * every request (headers and raw body, to search for secrets) and every span, decoded into plain objects
 * (hex ids, attributes as a flat record). Protobuf bodies are recorded and refused with 415, so a test sees
 * at once if the exporter stopped sending JSON.
 *
 * Modes: `ok` (200 `{}`), `hang` (reads the request, never answers until closed), or an HTTP status.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface CollectedEvent {
  name: string;
  timeUnixNano: string;
  attributes: Record<string, unknown>;
}

export interface CollectedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 2 = SERVER, 3 = CLIENT. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: CollectedEvent[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  resource: Record<string, unknown>;
  scope: string;
}

export interface CollectedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as received, decompressed (JSON text, or the protobuf bytes as latin1). */
  body: string;
}

export type CollectorMode = 'ok' | 'hang' | { status: number };

export interface OtlpCollector {
  /** http://127.0.0.1:PORT (the base; the exporter appends /v1/traces). */
  url: string;
  requests: CollectedRequest[];
  spans: CollectedSpan[];
  setMode(mode: CollectorMode): void;
  /** Requests read and held without an answer (mode `hang`). */
  held(): number;
  /** Resolves with the spans once `predicate` holds for them, or rejects after `timeoutMs` (default 10000). */
  waitFor(predicate: (spans: CollectedSpan[]) => boolean, timeoutMs?: number): Promise<CollectedSpan[]>;
  /** Everything received (headers and bodies), for secret searches. */
  everything(): string;
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };

function decodeValue(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(decodeValue);
  if (value.kvlistValue) return decodeAttributes(value.kvlistValue.values);
  return value.bytesValue;
}

export function decodeAttributes(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((entry) => [entry.key, decodeValue(entry.value)]));
}

/** OTLP JSON encodes ids as hex strings; accept base64 too, in case an exporter sends them that way. */
function hexId(id: unknown, bytes: number): string {
  if (typeof id !== 'string' || !id) return '';
  if (new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(id)) return id;
  return Buffer.from(id, 'base64').toString('hex');
}

function decodeSpans(json: any): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const resourceSpans of json?.resourceSpans ?? []) {
    const resource = decodeAttributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        out.push({
          traceId: hexId(span.traceId, 16),
          spanId: hexId(span.spanId, 8),
          parentSpanId: hexId(span.parentSpanId, 8),
          name: span.name,
          kind: span.kind,
          startTimeUnixNano: String(span.startTimeUnixNano),
          endTimeUnixNano: String(span.endTimeUnixNano),
          attributes: decodeAttributes(span.attributes),
          events: (span.events ?? []).map((event: any) => ({ name: event.name, timeUnixNano: String(event.timeUnixNano), attributes: decodeAttributes(event.attributes) })),
          status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
          resource,
          scope: scopeSpans.scope?.name ?? '',
        });
      }
    }
  }
  return out;
}

export async function startOtlpCollector(initial: CollectorMode = 'ok'): Promise<OtlpCollector> {
  let mode = initial;
  const requests: CollectedRequest[] = [];
  const spans: CollectedSpan[] = [];
  const heldResponses = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const contentType = String(req.headers['content-type'] ?? '');
      const json = contentType.includes('json');
      requests.push({ path: req.url ?? '', headers: req.headers, body: raw.toString(json ? 'utf8' : 'latin1') });
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      if (!json) {
        res.writeHead(415, { 'content-type': 'application/json' }).end('{"message":"only OTLP JSON"}');
        return;
      }
      if (mode === 'hang') {
        heldResponses.add(res);
        res.on('close', () => heldResponses.delete(res));
        return;
      }
      if (typeof mode === 'object') {
        res.writeHead(mode.status, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      try {
        spans.push(...decodeSpans(JSON.parse(raw.toString('utf8'))));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"bad json"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans,
    setMode(next) {
      mode = next;
    },
    held: () => heldResponses.size,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(spans)) {
        if (Date.now() > deadline) throw new Error(`collector: condition not met within ${timeoutMs} ms (${spans.length} spans received)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return spans;
    },
    everything: () => requests.map((request) => `${JSON.stringify(request.headers)}\n${request.body}`).join('\n'),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
