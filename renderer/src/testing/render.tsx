/** Renders a component with the app's providers around it and a scripted admin API. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { Tooltip } from 'radix-ui';
import type { ReactElement } from 'react';
import { AdminApiError, type AdminClient } from '../api/admin-client';
import { AdminProvider } from '../api/AdminProvider';

export type Handler = (method: string, path: string, body?: unknown) => unknown;

export function fakeClient(handler: Handler): AdminClient & { calls: Array<[string, string, unknown]> } {
  const calls: Array<[string, string, unknown]> = [];
  const answer = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    calls.push([method, path, body]);
    const result = handler(method, path, body);
    if (result instanceof AdminApiError) throw result;
    return result as T;
  };
  return {
    auth: { kind: 'cookie' },
    calls,
    get: (path) => answer('GET', path),
    send: (method, path, body) => answer(method, path, body),
    fetch: () => Promise.reject(new Error('not scripted')),
  };
}

export function renderWithAdmin(ui: ReactElement, handler: Handler) {
  const client = fakeClient(handler);
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queries}>
      <AdminProvider auth={{ kind: 'cookie' }} client={client}>
        <Tooltip.Provider>{ui}</Tooltip.Provider>
      </AdminProvider>
    </QueryClientProvider>,
  );
  return { ...view, client };
}
