/**
 * Pause / resume model traffic from the header's status popover: while paused, every /v1 request gets a
 * 503 in its own dialect (the tray does the same in the desktop app); the UI and admin API keep working.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useAdmin } from '../api/AdminProvider';
import { queryKeys } from '../api/query-keys';

export function PauseControl({ paused }: { paused: boolean }) {
  const { client } = useAdmin();
  const queries = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => client.send<{ paused: boolean }>('POST', paused ? '/admin/resume' : '/admin/pause'),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.status }),
  });
  return (
    <div className="pause-control">
      <p className="muted">
        {paused
          ? 'Paused: tools get 503 “Signalbox is paused” until you resume. Nothing reaches a provider.'
          : 'Pausing refuses model traffic with 503 until you resume; this page keeps working.'}
      </p>
      <button type="button" className={paused ? 'button button-primary' : 'button'} disabled={toggle.isPending} onClick={() => toggle.mutate()}>
        {paused ? 'Resume model traffic' : 'Pause model traffic'}
      </button>
      {toggle.isError && (
        <p className="field-error" role="alert">
          {toggle.error.message}
        </p>
      )}
    </div>
  );
}
