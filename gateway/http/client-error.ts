/**
 * Answers to requests Node rejects before Fastify sees them (request timeout for slow bodies, oversized
 * headers, malformed HTTP), in the OpenAI error shape instead of Fastify's `{"statusCode",…}` one: there
 * is no route yet, so no dialect. The connection is closed afterwards, as Node does.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

interface ClientErrorAnswer {
  status: number;
  code: string;
  message: string;
}

export function clientErrorAnswer(code: string | undefined): ClientErrorAnswer {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'request_timeout', message: 'The request was not received in time (server.requestTimeoutMs).' };
  }
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'headers_too_large', message: 'The request headers are too large.' };
  return { status: 400, code: 'bad_request', message: 'The request is not valid HTTP.' };
}

export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = clientErrorAnswer(error.code);
  const body = JSON.stringify({ error: { message: answer.message, type: 'invalid_request_error', param: null, code: answer.code } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
