/** Shown when there is no session: how to get one. */
export function SignedOut() {
  return (
    <main className="signed-out">
      <div className="signed-out-card">
        <img src="./favicon.svg" alt="" width={40} height={40} />
        <h1>Signalbox</h1>
        <p>
          Open the UI with the link printed by <code>signalbox serve</code> (it carries the admin token, which changes every time Signalbox starts).
        </p>
        <pre className="code-inline">UI: {location.origin}/?token=…</pre>
        <p className="muted">In the desktop app, reopen the window from the tray.</p>
      </div>
    </main>
  );
}
