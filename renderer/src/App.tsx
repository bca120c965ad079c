import { useEffect, useState } from 'react';
import type { AdminAuth } from './admin-auth';
import { AdminApiError, adminGet, type RequestRow, type Status } from './api';

function formatTokens(row: RequestRow): string {
  if (!row.usage) return '—';
  const input = row.usage.inputUncached + row.usage.inputCacheRead + row.usage.inputCacheWrite;
  const output = row.usage.outputText + row.usage.outputReasoning;
  return `${input} → ${output}`;
}

export function App({ auth }: { auth: AdminAuth }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [requests, setRequests] = useState<RequestRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [firstKey, setFirstKey] = useState<string | null>(null);

  useEffect(() => {
    // The key created on first run is handed out once: show it until the page is left.
    adminGet<{ key: string | null }>('/admin/client-keys/first-run', auth).then(
      (answer) => setFirstKey(answer.key),
      () => undefined,
    );
  }, [auth]);

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const [nextStatus, recent] = await Promise.all([
          adminGet<Status>('/admin/status', auth),
          adminGet<{ data: RequestRow[] }>('/admin/requests?limit=50', auth),
        ]);
        if (cancelled) return;
        setStatus(nextStatus);
        setRequests(recent.data);
        setError(null);
      } catch (failure) {
        if (cancelled) return;
        if (failure instanceof AdminApiError && failure.status === 401) {
          setSignedOut(true);
          clearInterval(timer);
        } else {
          setError((failure as Error).message);
        }
      }
    };
    const timer = setInterval(() => void load(), 3000);
    void load();
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [auth]);

  if (signedOut) {
    return (
      <main className="shell">
        <h1>Signalbox</h1>
        <p className="muted">Open the UI with the link printed by <code>signalbox serve</code> (it carries the admin token).</p>
      </main>
    );
  }

  return (
    <main className="shell">
      <header className="top">
        <h1>Signalbox</h1>
        {status && <span className="muted">v{status.version} · {status.inFlight} in flight</span>}
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {firstKey && (
        <section className="first-key" aria-label="Your client key">
          <h2>Your client key</h2>
          <p className="muted">Created on first run and shown once: copy it now. Tools send it as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
          <code className="key">{firstKey}</code>
        </section>
      )}
      <section>
        <h2>Providers</h2>
        {status && status.providers.length === 0 && <p className="muted">No providers configured yet. Add one to the config file.</p>}
        <ul className="providers">
          {status?.providers.map((provider) => (
            <li key={provider.id} className={provider.unavailable ? 'provider down' : 'provider'}>
              <strong>{provider.id}</strong> <span className="muted">{provider.label}</span>
              <div className="muted small">{provider.baseUrl}</div>
              {provider.unavailable && <div className="error small">{provider.unavailable}</div>}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Recent requests</h2>
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>Model</th>
              <th>Status</th>
              <th>Tokens</th>
              <th>Latency</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((row) => (
              <tr key={row.id}>
                <td>{new Date(row.startedAt).toLocaleTimeString()}</td>
                <td>{row.model}</td>
                <td className={row.status === 'ok' ? 'ok' : 'error'}>{row.status === 'ok' ? row.httpStatus : row.errorKind ?? row.status}</td>
                <td>{formatTokens(row)}</td>
                <td>{row.latencyMs} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
        {requests.length === 0 && <p className="muted">No requests yet.</p>}
      </section>
    </main>
  );
}
