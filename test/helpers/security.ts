/**
 * Tools for the security tests: a trap server that only counts connections (where a key must never go),
 * raw HTTP/1.x requests over a socket (to forge Host headers, request targets and slow bodies that
 * fetch refuses to send), and a tiny built UI for the static routes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Trap {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** A listening socket that accepts, counts and drops every connection. */
export async function startTrap(): Promise<Trap> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: any;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export function parseRawResponse(raw: Buffer): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split < 0 ? raw.length : split).toString('latin1');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text, json };
}

export interface RawRequestOptions {
  method?: string;
  /** Request target exactly as sent (`/path`, `http://evil/admin`, `*`). */
  target: string;
  /** Host header value; `null` sends none. */
  host: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** HTTP version in the request line. */
  version?: '1.0' | '1.1';
}

/** Sends one request exactly as given (with `Connection: close`) and resolves with the parsed answer. */
export function rawRequest(port: number, options: RawRequestOptions): Promise<RawResponse> {
  const lines = [`${options.method ?? 'GET'} ${options.target} HTTP/${options.version ?? '1.1'}`];
  if (options.host !== null) lines.push(`Host: ${options.host}`);
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  if (body && !Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'content-length')) lines.push(`Content-Length: ${body.length}`);
  lines.push('Connection: close', '', '');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that answers and closes while request bytes are unread resets the connection: the answer
    // received before the reset still counts.
    socket.on('error', (error) => {
      if (!chunks.length) reject(error);
    });
    socket.on('close', () => resolve(parseRawResponse(Buffer.concat(chunks))));
    socket.write(lines.join('\r\n'));
    if (body) socket.write(body);
  });
}

/** A minimal "built renderer" (index.html + one asset), for the static UI routes. */
export function makeUiRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'signalbox-ui-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Signalbox</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("ui");');
  return root;
}
