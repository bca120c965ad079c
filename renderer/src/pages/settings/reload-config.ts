/**
 * `POST /admin/config/reload`: re-reads the config file after a hand edit (what a 409 "changed on disk"
 * asks for). On success everything the config feeds is refetched; an invalid file is an AdminApiError
 * whose `issues` name each problem's path.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AdminApiError } from '../../api/admin-client';
import { useAdmin } from '../../api/AdminProvider';
import { queryKeys } from '../../api/query-keys';
import { settingsKey } from '../../api/settings-queries';

export interface ReloadAnswer {
  file: string;
  changed: boolean;
  applied: string[];
  restartRequired: string[];
}

/** The gateway refused an edit because the config file was edited by hand since it was loaded. */
export const isConfigFileChanged = (error: unknown): error is AdminApiError => error instanceof AdminApiError && error.code === 'config_file_changed';

export function useReloadConfig() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => client.send<ReloadAnswer>('POST', '/admin/config/reload'),
    onSuccess: () =>
      Promise.all([queryKeys.config, queryKeys.status, queryKeys.models, queryKeys.routingHealth, queryKeys.secrets, queryKeys.limits, settingsKey].map((queryKey) => queries.invalidateQueries({ queryKey }))),
  });
}

/** One line saying what a reload did. */
export function describeReload(answer: ReloadAnswer): string {
  if (!answer.changed) return 'The file matches what is running: nothing to apply.';
  const parts: string[] = [];
  if (answer.applied.length) parts.push(`${answer.applied.length} ${answer.applied.length === 1 ? 'change' : 'changes'} applied now`);
  if (answer.restartRequired.length) parts.push(`${answer.restartRequired.join(', ')} at the next start`);
  return `${parts.join('; ')}.`;
}
