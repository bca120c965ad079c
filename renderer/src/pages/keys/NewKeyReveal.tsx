/** A key just created: shown this once, with copy and how to use it. */
import { Link } from 'wouter';
import { CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';

export function NewKeyReveal({ name, secret, onDone }: { name: string; secret: string; onDone(): void }) {
  return (
    <div className="key-reveal">
      <div className="callout tone-warn">
        <Icon name="alert" />
        <span>
          This is the only time the key is shown: Signalbox keeps only a hash of it. Copy it now; if it is lost, revoke it and create another.
        </span>
      </div>
      <div className="value-box is-secret">
        <code data-testid="new-key">{secret}</code>
        <CopyButton value={secret} label="Copy key" />
      </div>
      <pre className="code-inline">export SIGNALBOX_KEY={secret}</pre>
      <div className="modal-footer">
        <Link href={`/connect?key=${encodeURIComponent(name)}`} className="button button-ghost" onClick={onDone}>
          Set up a tool with it
        </Link>
        <button type="button" className="button button-primary" onClick={onDone}>
          I copied it
        </button>
      </div>
    </div>
  );
}
