/**
 * Which key the snippet carries: a placeholder, or a key seen in clear during this session (created here or
 * the first-run key). Keys cannot be shown again, so "create one for this tool" is the way to a filled snippet.
 */
import { useState } from 'react';
import { useClientKeys, useCreateClientKey } from '../../api/queries';
import { Icon } from '../../components/Icon';
import { rememberKey, useSessionKeys } from '../../lib/session-keys';
import { toast } from '../../lib/toast-store';
import { uniqueKeyName } from './snippets';

export function KeyPicker({ toolId, toolLabel, selected, onSelect }: { toolId: string; toolLabel: string; selected: string | null; onSelect(name: string | null): void }) {
  const sessionKeys = useSessionKeys();
  const keys = useClientKeys();
  const create = useCreateClientKey();
  const [error, setError] = useState<string | null>(null);
  const createForTool = () => {
    setError(null);
    const taken = (keys.data?.data ?? []).filter((key) => key.revokedAt === null).map((key) => key.name);
    create.mutate(
      { name: uniqueKeyName(toolId, taken) },
      {
        onSuccess: (created) => {
          rememberKey(created.name, created.key);
          onSelect(created.name);
          toast(`Key “${created.name}” created for ${toolLabel}`, { detail: 'It is in the snippet below; it will not be shown again after you leave.' });
        },
        onError: (failure) => setError(failure.message),
      },
    );
  };
  return (
    <div className="key-picker">
      <label className="field-label" htmlFor="connect-key">
        Client key
      </label>
      <div className="key-picker-row">
        <select id="connect-key" className="select" value={selected ?? ''} onChange={(event) => onSelect(event.target.value || null)}>
          <option value="">Placeholder</option>
          {sessionKeys.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.name} (new this session)
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={createForTool} disabled={create.isPending} data-testid="create-tool-key">
          <Icon name="plus" />
          {create.isPending ? 'Creating…' : `Create a key for ${toolLabel}`}
        </button>
      </div>
      <span className={error ? 'field-error' : 'field-hint'}>{error ?? 'Keys are shown once: existing ones cannot be filled in here. A key created here stays in this page until you leave it.'}</span>
    </div>
  );
}
