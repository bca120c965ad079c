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
});
