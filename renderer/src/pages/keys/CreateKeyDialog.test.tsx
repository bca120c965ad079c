// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../api/admin-client';
import { renderWithAdmin } from '../../testing/render';
import { CreateKeyDialog } from './CreateKeyDialog';

afterEach(cleanup);

describe('create key dialog', () => {
  it('validates before sending, then shows the new key once, with a copy button', async () => {
    const { client } = renderWithAdmin(<CreateKeyDialog open onOpenChange={() => undefined} takenNames={['default']} modelSuggestions={[]} />, (method, path, body) => {
      if (method === 'POST' && path === '/admin/client-keys') return { id: 'k1', name: (body as { name: string }).name, source: 'database', hint: 'sk-sb-k1_…abcd', createdAt: null, lastUsedAt: null, revokedAt: null, models: null, limits: null, key: 'sk-sb-k1_secretsecret' };
      return { data: [] };
    });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'default' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('A key named “default” already exists')).toBeTruthy();
    expect(client.calls.filter(([method]) => method === 'POST')).toEqual([]);

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'cursor' } });
    fireEvent.change(screen.getByLabelText('Spend per day'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect((await screen.findByTestId('new-key')).textContent).toBe('sk-sb-k1_secretsecret');
    expect(client.calls.find(([method]) => method === 'POST')?.[2]).toEqual({ name: 'cursor', models: null, limits: { usdPerDay: 5 } });
    expect(screen.getByRole('button', { name: /Copy key/ })).toBeTruthy();
    expect(screen.getByText(/only time the key is shown/)).toBeTruthy();
  });

  it('says what the gateway refused', async () => {
    renderWithAdmin(<CreateKeyDialog open onOpenChange={() => undefined} takenNames={[]} modelSuggestions={[]} />, () => new AdminApiError('a client key named "ci" already exists', 409, 'invalid_request_error', 'duplicate', 'name'));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('already exists'));
    expect(screen.getByRole('alert').textContent).toContain('Check the field "name"');
  });
});
