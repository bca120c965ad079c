/** Where tools connect: the OpenAI-style base URL (with /v1) and the Anthropic-style root, copyable. */
import { Link } from 'wouter';
import { CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';

export function EndpointCard({ keyCount }: { keyCount: number | undefined }) {
  const origin = location.origin;
  return (
    <section className="endpoint-strip" aria-label="Where to point your tools">
      <div className="endpoint-item">
        <span className="endpoint-label">Base URL · OpenAI-compatible</span>
        <div className="value-box">
          <code data-testid="base-url">{`${origin}/v1`}</code>
          <CopyButton value={`${origin}/v1`} compact label="Copy base URL" />
        </div>
      </div>
      <div className="endpoint-item">
        <span className="endpoint-label">Root · Anthropic clients, Claude Code</span>
        <div className="value-box">
          <code>{origin}</code>
          <CopyButton value={origin} compact label="Copy root URL" />
        </div>
      </div>
      <div className="endpoint-item endpoint-keys">
        <span className="endpoint-label">API key</span>
        {keyCount === 0 ? (
          <span>
            No client key yet — <Link href="/keys">create one</Link>
          </span>
        ) : (
          <span>
            {keyCount ?? '…'} active client key{keyCount === 1 ? '' : 's'} · <Link href="/keys">manage</Link>
          </span>
        )}
      </div>
      <Link href="/connect" className="button button-primary endpoint-cta">
        Connect a tool
        <Icon name="arrowRight" />
      </Link>
    </section>
  );
}
