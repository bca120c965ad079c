// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../api/admin-client';
import { renderWithAdmin } from '../../testing/render';
import { SettingsPage } from './SettingsPage';
import type { SettingEntry } from './settings-model';

afterEach(cleanup);

const SETTINGS: SettingEntry[] = [
  { path: 'traces.bodies', value: false, live: true },
  { path: 'traces.maxBodyBytes', value: 65_536, live: true },
  { path: 'server.allowedHosts', value: [], live: false },
  { path: 'logging.level', value: 'info', live: false },
];

const field = (path: string) => document.querySelector<HTMLElement>(`[data-setting="${path}"]`)!;

describe('settings page', () => {
  it('sends only the changed fields and says what applied now and what waits for a restart', async () => {
    const { client } = renderWithAdmin(<SettingsPage />, (method, path) => {
      if (method === 'PATCH')
        return {
          applied: ['traces.bodies'],
          restartRequired: ['logging.level'],
          persisted: true,
          file: '/tmp/c.yaml',
          settings: SETTINGS.map((entry) => (entry.path === 'traces.bodies' ? { ...entry, value: true } : entry.path === 'logging.level' ? { ...entry, nextStart: 'debug' } : entry)),
        };
      if (path === '/admin/settings') return { file: '/tmp/c.yaml', settings: SETTINGS };
      return { version: '1.2.3', providers: [], clientKeys: [], problems: [] };
    });
    fireEvent.click(await screen.findByRole('switch', { name: 'Keep request and response bodies' }));
    fireEvent.change(screen.getByLabelText('Log level'), { target: { value: 'debug' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(within(field('traces.bodies')).getByText('Applied')).toBeTruthy());
    expect(within(field('logging.level')).getByText('Saved — restart Signalbox to apply')).toBeTruthy();
    expect(within(field('logging.level')).getByTestId('next-start').textContent).toBe('debug');
    expect(client.calls.filter(([method]) => method === 'PATCH')).toEqual([['PATCH', '/admin/settings', { traces: { bodies: true }, logging: { level: 'debug' } }]]);
  });

  it('puts a gateway error under the field its path names', async () => {
    renderWithAdmin(<SettingsPage />, (method, path) => {
      if (method === 'PATCH') return new AdminApiError('server.allowedHosts.0: must be host:port', 400, 'invalid_request_error', 'invalid_value', 'server.allowedHosts.0');
      if (path === '/admin/settings') return { file: null, settings: SETTINGS };
      return { version: '1.2.3' };
    });
    fireEvent.change(await screen.findByLabelText('Allowed hosts'), { target: { value: 'box.local:6464' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(within(field('server.allowedHosts')).getByText('server.allowedHosts.0: must be host:port')).toBeTruthy());
    expect(screen.getByLabelText('Allowed hosts').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
