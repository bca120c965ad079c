/**
 * The client key created on first run, handed out by the gateway exactly once: shown here until dismissed
 * or the page is left, and kept in memory so Connect can fill snippets with it.
 */
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { useFirstRunKey } from '../../api/queries';
import { CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';
import { rememberKey } from '../../lib/session-keys';

export function FirstRunBanner() {
  const firstRun = useFirstRunKey();
  const [dismissed, setDismissed] = useState(false);
  const key = firstRun.data?.key ?? null;
  const name = firstRun.data?.name ?? 'default';
  useEffect(() => {
    if (key) rememberKey(name, key);
  }, [key, name]);
  if (!key || dismissed) return null;
  return (
    <section className="first-key" aria-label="Your client key">
      <div className="first-key-icon">
        <Icon name="keys" size={18} />
      </div>
      <div className="first-key-body">
        <h2>Your first client key</h2>
        <p className="muted">
          Created on first run and <strong>shown once</strong>: copy it now. Tools send it as <code>Authorization: Bearer &lt;key&gt;</code>; Signalbox keeps only a hash.
        </p>
        <div className="value-box is-secret">
          <code data-testid="first-run-key">{key}</code>
          <CopyButton value={key} label="Copy key" />
        </div>
        <div className="first-key-actions">
          <Link href="/connect" className="button button-primary">
            Set up a tool with it
            <Icon name="arrowRight" />
          </Link>
          <button type="button" className="button button-ghost" onClick={() => setDismissed(true)}>
            I saved it
          </button>
        </div>
      </div>
    </section>
  );
}
