/**
 * Shown where a 409 "config file changed on disk" lands (Settings, the route editor, the provider
 * dialog): what happened and a "Reload from file" button. After a good reload the caller's edit can be
 * saved again (`onReloaded`); an invalid file lists its problems by config path, and nothing changes.
 */
import { AdminApiError } from '../../api/admin-client';
import { Icon } from '../../components/Icon';
import { toast } from '../../lib/toast-store';
import { describeReload, useReloadConfig } from './reload-config';
import './config-file-changed.css';

export function ConfigFileChanged({ error, onReloaded }: { error: AdminApiError; onReloaded(): void }) {
  const reload = useReloadConfig();
  const problems = reload.error instanceof AdminApiError ? reload.error.issues : [];
  return (
    <div className="config-changed" role="alert" data-testid="config-file-changed">
      <Icon name="alert" />
      <div className="config-changed-text">
        <strong>The config file was edited by hand.</strong>
        <span>{error.message}</span>
        {reload.isError && (
          <div className="config-changed-problems">
            <span>{problems.length > 0 ? 'The file is not valid, so nothing was changed. Fix it and reload again:' : reload.error.message}</span>
            {problems.length > 0 && (
              <ul>
                {problems.map((problem) => (
                  <li key={`${problem.path}:${problem.message}`}>
                    <code>{problem.message}</code>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <button
        type="button"
        className="button"
        disabled={reload.isPending}
        onClick={() =>
          reload.mutate(undefined, {
            onSuccess: (answer) => {
              toast('Config reloaded from the file', { detail: describeReload(answer) });
              onReloaded();
            },
          })
        }
      >
        {reload.isPending ? 'Reloading…' : 'Reload from file'}
      </button>
    </div>
  );
}
