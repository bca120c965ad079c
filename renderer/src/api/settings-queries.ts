/**
 * Hooks for the gateway's settings: `GET /admin/settings` (every editable setting, whether it applies at
 * once, and values saved for the next start) and `PATCH /admin/settings` with a nested partial.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SettingsAnswer, SettingsSaveAnswer } from '../pages/settings/settings-model';
import { useAdmin } from './AdminProvider';
import { queryKeys } from './query-keys';

export const settingsKey = ['settings'] as const;

export function useSettings() {
  const { client } = useAdmin();
  return useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => client.get<SettingsAnswer>('/admin/settings', signal) });
}

export function useSaveSettings() {
  const { client } = useAdmin();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (patch: Record<string, unknown>) => client.send<SettingsSaveAnswer>('PATCH', '/admin/settings', patch),
    onSuccess: (answer) => {
      queries.setQueryData<SettingsAnswer>(settingsKey, { file: answer.file, settings: answer.settings });
      return queries.invalidateQueries({ queryKey: queryKeys.config });
    },
  });
}
