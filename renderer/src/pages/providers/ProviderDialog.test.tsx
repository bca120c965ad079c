// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../api/admin-client';
import { renderWithAdmin } from '../../testing/render';
import { presetsFrom } from './provider-form';
import { ProviderDialog } from './ProviderDialog';

afterEach(cleanup);

const presets = presetsFrom([
  { type: 'groq', label: 'Groq', defaultBaseUrl: 'https://api.groq.com/openai/v1', requiresKey: true },
  { type: 'ollama', label: 'Ollama', defaultBaseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, prices: 'local' },
]);
const KEY = 'gsk_live_0123456789abcdef';

describe('provider dialog', () => {
  it('adds from a preset: the key travels once, apart from the provider, and is not shown afterwards', async () => {
    const { client } = renderWithAdmin(<ProviderDialog open onOpenChange={() => undefined} presets={presets} takenIds={[]} editing={null} />, (method, path) => {
      if (method === 'PUT') return { id: 'groq', status: { id: 'groq', type: 'groq', label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', models: null, enabled: true, hasKey: true, unavailable: null }, persisted: true, file: '/cfg/signalbox.yaml' };
      if (path === '/admin/providers/test') return { ok: true, latencyMs: 120, models: ['llama-3.3-70b-versatile'] };
      return {};
    });
    fireEvent.click(screen.getByRole('button', { name: /Groq/ }));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('groq');
    fireEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByText('Groq needs an API key')).toBeTruthy();
    expect(client.calls).toEqual([]);

    fireEvent.change(screen.getByLabelText('API key'), { target: { value: KEY } });
    expect((screen.getByLabelText('API key') as HTMLInputElement).type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByTestId('test-result')).textContent).toContain('1 model listed');
    expect(client.calls[0]).toEqual(['POST', '/admin/providers/test', { provider: { type: 'groq' }, apiKey: KEY }]);

    fireEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByText('“groq” is ready')).toBeTruthy();
    expect(client.calls.find(([method]) => method === 'PUT')).toEqual(['PUT', '/admin/providers/groq', { provider: { type: 'groq' }, apiKey: KEY }]);
    await waitFor(() => expect(client.calls.at(-1)).toEqual(['POST', '/admin/providers/test', { id: 'groq' }]));
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('shows a failed test with what to do, and a refusal at its field', async () => {
    renderWithAdmin(<ProviderDialog open onOpenChange={() => undefined} presets={presets} takenIds={[]} editing={null} initialType="ollama" />, (method) =>
      method === 'PUT'
        ? new AdminApiError('baseUrl: must be an http(s) URL', 400, 'invalid_request_error', 'invalid_config', 'providers.ollama.baseUrl')
        : { ok: false, latencyMs: 3, error: { kind: 'upstream_connect', message: 'Could not connect to 127.0.0.1:11434' } },
    );
    expect(screen.getByLabelText('API key (optional)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const result = await screen.findByTestId('test-result');
    expect(result.textContent).toContain('Could not connect to 127.0.0.1:11434');
    expect(result.textContent).toContain('Check the base URL');
    fireEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    await waitFor(() => expect(screen.getByLabelText('Base URL').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('baseUrl: must be an http(s) URL')).toBeTruthy();
  });

  const editing = { id: 'groq', provider: { type: 'groq', apiKey: 'keychain:groq', headers: { 'X-Title': 'Signalbox' } }, keyHint: 'gsk…9f2a · in the keychain' };
  const savedAnswer = { id: 'groq', status: { id: 'groq', type: 'groq', label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', models: null, enabled: false, hasKey: true, unavailable: null }, persisted: true, file: '/cfg/c.yaml' };

  it('edits timeout, enabled and headers, refusing a credential header before anything is sent', async () => {
    const { client } = renderWithAdmin(<ProviderDialog open onOpenChange={() => undefined} presets={presets} takenIds={['groq']} editing={editing} />, (method) =>
      method === 'PUT' ? savedAnswer : { ok: true, latencyMs: 1, models: [] },
    );
    expect((screen.getByLabelText('Header 1 name') as HTMLInputElement).value).toBe('X-Title');
    expect((screen.getByLabelText('API key') as HTMLInputElement).value).toBe('');
    expect(screen.getByText('gsk…9f2a · in the keychain')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Timeout (optional)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Enabled' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    fireEvent.change(screen.getByLabelText('Header 2 name'), { target: { value: 'Authorization' } });
    fireEvent.change(screen.getByLabelText('Header 2 value'), { target: { value: 'Bearer gsk_secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save provider' }));
    expect((await screen.findByText(/“Authorization” looks like a credential/)).getAttribute('role')).toBe('alert');
    expect(client.calls).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove header Authorization' }));
    fireEvent.change(screen.getByLabelText('Header 1 value'), { target: { value: 'My app' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save provider' }));
    expect(await screen.findByText('“groq” is ready')).toBeTruthy();
    expect(client.calls[0]).toEqual(['PUT', '/admin/providers/groq', { provider: { type: 'groq', apiKey: 'keychain:groq', headers: { 'X-Title': 'My app' }, timeoutMs: 30_000, enabled: false } }]);
  });

  it('asks before closing with unsaved edits: Keep editing stays, Discard closes; unchanged closes at once', async () => {
    const closes: boolean[] = [];
    renderWithAdmin(<ProviderDialog open onOpenChange={(open) => closes.push(open)} presets={presets} takenIds={['groq']} editing={editing} />, () => ({}));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(closes).toEqual([false]);

    fireEvent.change(screen.getByLabelText('Base URL'), { target: { value: 'https://proxy.example/v1' } });
    fireEvent.keyDown(screen.getByLabelText('Base URL'), { key: 'Escape' });
    const prompt = await screen.findByRole('alertdialog', { name: 'Discard changes?' });
    expect(document.activeElement?.textContent).toBe('Keep editing');
    expect(closes).toEqual([false]);
    fireEvent.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((screen.getByLabelText('Base URL') as HTMLInputElement).value).toBe('https://proxy.example/v1');

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(prompt).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Discard' }));
    expect(closes).toEqual([false, false]);
  });

  it('offers to reload a hand-edited config file when a save is refused with 409, then saves', async () => {
    let conflict = true;
    const { client } = renderWithAdmin(<ProviderDialog open onOpenChange={() => undefined} presets={presets} takenIds={['groq']} editing={editing} />, (method, path) => {
      if (path === '/admin/config/reload') {
        conflict = false;
        return { file: '/cfg/c.yaml', changed: true, applied: ['routes.handmade'], restartRequired: [] };
      }
      if (method === 'PUT') return conflict ? new AdminApiError('The config file /cfg/c.yaml was changed on disk since Signalbox loaded it; nothing was changed.', 409, 'invalid_request_error', 'config_file_changed') : savedAnswer;
      return { ok: true, latencyMs: 1, models: [] };
    });
    fireEvent.change(screen.getByLabelText('Timeout (optional)'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save provider' }));
    const panel = await screen.findByTestId('config-file-changed');
    expect(panel.textContent).toContain('changed on disk');
    fireEvent.click(screen.getByRole('button', { name: 'Reload from file' }));
    await waitFor(() => expect(screen.queryByTestId('config-file-changed')).toBeNull());
    expect((screen.getByLabelText('Timeout (optional)') as HTMLInputElement).value).toBe('45');
    fireEvent.click(screen.getByRole('button', { name: 'Save provider' }));
    expect(await screen.findByText('“groq” is ready')).toBeTruthy();
    expect(client.calls.map(([method, path]) => `${method} ${path}`).slice(0, 3)).toEqual(['PUT /admin/providers/groq', 'POST /admin/config/reload', 'PUT /admin/providers/groq']);
  });
});
