/** The answer of "test connection": connected (latency, models listed) or what failed and what to do. */
import type { ProviderTestAnswer } from '../../api/types';
import { Icon } from '../../components/Icon';
import { formatErrorKind, formatMs } from '../../lib/format';

const NEXT: Record<string, string> = {
  auth: 'Check the key: paste it again (the provider refused it).',
  authentication: 'Check the key: paste it again (the provider refused it).',
  permission: 'The key works but may not list models: check its permissions.',
  connect: 'Check the base URL, and that the provider (or local server) is running.',
  timeout: 'The provider did not answer in time: check the base URL and your network.',
  provider_unavailable: 'Fix what is missing (usually the key) and test again.',
  not_found: 'Check the base URL: the model list was not found there.',
};

export function TestResult({ result }: { result: ProviderTestAnswer }) {
  if (result.ok) {
    const count = result.models?.length ?? 0;
    return (
      <div className="callout tone-ok test-result" role="status" data-testid="test-result" data-ok="true">
        <Icon name="check" />
        <div>
          <strong>Connected</strong> in {formatMs(result.latencyMs)} · {count === 0 ? 'no models listed' : `${count} model${count === 1 ? '' : 's'} listed`}
          {count > 0 && (
            <div className="test-models">
              {result.models!.slice(0, 8).map((model) => (
                <code key={model} className="chip">
                  {model}
                </code>
              ))}
              {count > 8 && <span className="muted">and {count - 8} more</span>}
            </div>
          )}
        </div>
      </div>
    );
  }
  const kind = result.error?.kind ?? 'error';
  const next = NEXT[kind] ?? Object.entries(NEXT).find(([key]) => kind.includes(key))?.[1];
  return (
    <div className="callout tone-bad test-result" role="alert" data-testid="test-result" data-ok="false">
      <Icon name="alert" />
      <div>
        <strong>Could not connect</strong> <span className="muted">({formatErrorKind(kind)})</span>
        <div>{result.error?.message ?? 'The provider did not answer.'}</div>
        {next && <div className="muted">{next}</div>}
      </div>
    </div>
  );
}
