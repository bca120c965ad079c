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

  it('shows the version and the gateway\'s paths in About, each with a copy button', async () => {
    const paths = { dataDir: '/home/ada/.config/signalbox', configFile: '/home/ada/.config/signalbox/config.yaml', logFile: null, database: '/home/ada/.config/signalbox/signalbox.db' };
    renderWithAdmin(<SettingsPage />, (_method, path) => {
      if (path === '/admin/settings') return { file: paths.configFile, settings: SETTINGS };
      return { version: '1.2.3', providers: [], clientKeys: [], problems: [], paths };
    });
    await waitFor(() => expect(screen.getByTestId('about-dataDir').textContent).toContain(paths.dataDir));
    expect(screen.getByTestId('about-version').textContent).toContain('1.2.3');
    expect(screen.getByTestId('config-file').textContent).toContain(paths.configFile);
    expect(screen.getByTestId('about-database').textContent).toContain(paths.database);
    expect(screen.getByTestId('about-logFile').textContent).toMatch(/terminal only/);
    for (const name of ['Copy version', 'Copy data directory path', 'Copy config file path', 'Copy database path']) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy log file path' })).toBeNull();
  });

  it('offers to reload a hand-edited config file after a 409, keeps the edit, and saves it then', async () => {
    let reloads = 0;
    let conflict = true;
    const { client } = renderWithAdmin(<SettingsPage />, (method, path) => {
      if (method === 'PATCH') {
        if (conflict) return new AdminApiError('The config file /tmp/c.yaml was changed on disk since Signalbox loaded it; nothing was changed.', 409, 'invalid_request_error', 'config_file_changed');
        return { applied: ['traces.bodies'], restartRequired: [], persisted: true, file: '/tmp/c.yaml', settings: SETTINGS.map((entry) => (entry.path === 'traces.bodies' ? { ...entry, value: true } : entry)) };
      }
      if (path === '/admin/config/reload') {
        reloads++;
        if (reloads === 1) return new AdminApiError('The config file /tmp/c.yaml is not valid; nothing was changed.', 400, 'invalid_request_error', 'invalid_config', 'server.port', [{ path: 'server.port', message: 'server.port: expected number, received string' }]);
        conflict = false;
        return { file: '/tmp/c.yaml', changed: true, applied: ['routes.handmade'], restartRequired: ['server.port'] };
      }
      if (path === '/admin/settings') return { file: '/tmp/c.yaml', settings: reloads > 1 ? SETTINGS.map((entry) => (entry.path === 'logging.level' ? { ...entry, nextStart: 'debug' } : entry)) : SETTINGS };
      return { version: '1.2.3', providers: [], clientKeys: [], problems: [] };
    });
    fireEvent.click(await screen.findByRole('switch', { name: 'Keep request and response bodies' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const panel = await screen.findByTestId('config-file-changed');
    expect(panel.textContent).toContain('edited by hand');

    // A broken file: its problems by path, nothing else changes.
    fireEvent.click(within(panel).getByRole('button', { name: 'Reload from file' }));
    expect(await within(panel).findByText('server.port: expected number, received string')).toBeTruthy();

    fireEvent.click(within(panel).getByRole('button', { name: 'Reload from file' }));
    await waitFor(() => expect(screen.queryByTestId('config-file-changed')).toBeNull());
    // The unsaved edit survived the refetch; the reloaded next-start value shows.
    await waitFor(() => expect(within(field('logging.level')).getByTestId('next-start').textContent).toBe('debug'));
    expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Keep request and response bodies' }).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(within(field('traces.bodies')).getByText('Applied')).toBeTruthy());
    expect(client.calls.filter(([, path]) => path === '/admin/config/reload')).toHaveLength(2);
  });
});
