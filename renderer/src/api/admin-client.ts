/**
 * The one client for the admin API, over HTTP only (the same code path in the desktop window and in a
 * browser). Errors arrive as `{error:{message,type,code,param}}` and become AdminApiError with those fields.
 */
import { authHeaders, type AdminAuth } from './admin-auth';

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string | null = null,
    readonly code: string | null = null,
    readonly param: string | null = null,
    /** Problems listed with the error (`issues` of an invalid config reload: each with its config path). */
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export interface AdminClient {
  readonly auth: AdminAuth;
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** A raw response (CSV downloads, streams), after the same auth and error handling. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** What an error body says, with a fallback for gateways or proxies that answer without one. */
export async function errorFrom(response: Response): Promise<AdminApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; type?: string; code?: string; param?: string; issues?: unknown } } | null;
  const error = body?.error;
  const fallback = response.status === 401 ? 'Not signed in' : `The gateway answered HTTP ${response.status}`;
  return new AdminApiError(error?.message ?? fallback, response.status, error?.type ?? null, error?.code ?? null, error?.param ?? null, issuesOf(error?.issues));
}

/**
 * The `issues` an error body may list (an invalid config reload): well-formed `{ path, message }` entries
 * only. Checked by hand: zod would pull its chunk into the first page load for this one shape.
 */
function issuesOf(raw: unknown): Array<{ path: string; message: string }> {
  if (!Array.isArray(raw)) return [];
  return raw.filter((entry): entry is { path: string; message: string } => typeof entry === 'object' && entry !== null && typeof entry.path === 'string' && typeof entry.message === 'string');
}

export function createAdminClient(auth: AdminAuth, onUnauthorized: () => void = () => undefined): AdminClient {
  const raw = async (path: string, init: RequestInit = {}): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers: { ...authHeaders(auth), ...(init.headers as Record<string, string> | undefined) }, credentials: 'same-origin' });
    } catch (failure) {
      if ((failure as Error).name === 'AbortError') throw failure;
      throw new AdminApiError('Cannot reach the gateway. Is Signalbox still running?', 0, 'network_error');
    }
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw await errorFrom(response);
    return response;
  };
  return {
    auth,
    fetch: raw,
    async get<T>(path: string, signal?: AbortSignal) {
      const response = await raw(path, signal ? { signal } : {});
      return (await response.json()) as T;
    },
    async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
      const response = await raw(path, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
  };
}
