/** The admin API, over HTTP only (the same code path in the desktop window and in a browser). */
import { authHeaders, type AdminAuth } from './admin-auth';

export interface ProviderStatus {
  id: string;
  type: string;
  label: string;
  baseUrl: string;
  models: string[] | null;
  enabled: boolean;
  hasKey: boolean;
  unavailable: string | null;
}

export interface Status {
  version: string;
  startedAt: string;
  uptimeMs: number;
  inFlight: number;
  store: { open: boolean; pending: number; dropped: number };
  providers: ProviderStatus[];
  clientKeys: Array<{ name: string; source: 'database' | 'config' }>;
  problems: string[];
}

export interface RequestRow {
  id: string;
  startedAt: number;
  model: string;
  provider: string | null;
  stream: boolean;
  status: 'ok' | 'error' | 'cancelled';
  httpStatus: number;
  errorKind: string | null;
  latencyMs: number;
  usage: { inputUncached: number; inputCacheRead: number; inputCacheWrite: number; outputText: number; outputReasoning: number } | null;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function adminGet<T>(path: string, auth: AdminAuth): Promise<T> {
  const response = await fetch(path, { headers: authHeaders(auth), credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new AdminApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status);
  }
  return (await response.json()) as T;
}
