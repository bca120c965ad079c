// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../api/admin-client';
import { renderWithAdmin } from '../../testing/render';
import { RouteEditor } from './RouteEditor';

afterEach(cleanup);

const PLAN = {
  model: 'fast',
  route: 'fast',
  strategy: 'fallback',
  totalTimeoutMs: 120_000,
  needs: {},
  attempts: [{ order: 1, model: 'mock/gpt-test', provider: 'mock', upstreamModel: 'gpt-test', score: null, why: 'first in order', timeoutMs: 30_000, maxRetries: 2, circuit: 'closed', forced: false }],
  skipped: [],
};

const props = { open: true, onClose: () => undefined, takenNames: ['auto'], modelSuggestions: ['mock/gpt-test'], prices: new Map([['mock/gpt-test', { input: 2.5, output: 10 }]]) };

describe('route editor', () => {
  it('checks the form first, saves a RouteConfig, then shows where it was written and the routing preview', async () => {
    const { client } = renderWithAdmin(<RouteEditor {...props} editing={null} />, (method, path, body) => {
      if (method === 'PUT') return { name: 'fast', route: body, persisted: true, file: '/tmp/signalbox.yaml' };
      if (method === 'POST' && path.startsWith('/admin/routing/preview')) return PLAN;
      return {};
    });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'auto' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create route' }));
    expect(await screen.findByText('A route named “auto” already exists')).toBeTruthy();
    expect(screen.getByText('Choose a model: provider/model')).toBeTruthy();
    expect(client.calls).toEqual([]);

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'fast' } });
    fireEvent.change(screen.getByLabelText('Target 1 model'), { target: { value: 'mock/gpt-test' } });
    expect(screen.getByText('$2.50 in · $10.00 out per 1M tokens')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add target' }));
    fireEvent.change(screen.getByLabelText('Target 2 model'), { target: { value: 'oai/gpt-test' } });
    fireEvent.change(screen.getByLabelText('Target 2 first-byte timeout'), { target: { value: '1500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move target 2 up' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create route' }));

    expect((await screen.findByTestId('route-saved')).textContent).toContain('/tmp/signalbox.yaml');
    expect(client.calls.find(([method]) => method === 'PUT')).toEqual(['PUT', '/admin/routes/fast', { strategy: 'fallback', targets: [{ model: 'oai/gpt-test', timeoutMs: 1500 }, { model: 'mock/gpt-test' }] }]);
    expect((await screen.findByTestId('route-plan')).textContent).toContain('first in order');
    expect(client.calls.find(([, path]) => path.startsWith('/admin/routing/preview'))?.[2]).toMatchObject({ model: 'fast' });
  });

  it('puts the gateway’s refusal at the field its config path names', async () => {
    renderWithAdmin(<RouteEditor {...props} editing={{ name: 'fast', route: { strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }, { model: 'nope/x' }] } }} />, (method) =>
      method === 'PUT' ? new AdminApiError('provider "nope" is not configured', 400, 'invalid_request_error', 'invalid_config', 'routes.fast.targets[1].model') : {},
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    await waitFor(() => expect(screen.getByLabelText('Target 2 model').getAttribute('aria-invalid')).toBe('true'));
    const described = screen.getByLabelText('Target 2 model').getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(described)?.textContent).toBe('provider "nope" is not configured');
    expect(screen.getByLabelText('Target 1 model').getAttribute('aria-invalid')).toBe('false');
  });

  it('renames an existing route: saves it under its name first, then moves it; other routes’ names stay taken', async () => {
    const { client } = renderWithAdmin(<RouteEditor {...props} editing={{ name: 'fast', route: { strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }] } }} />, (method, path, body) => {
      if (method === 'POST' && path.endsWith('/rename')) return { name: (body as { to: string }).to, from: 'fast' };
      if (method === 'PUT') return { name: path.split('/').at(-1), route: body, persisted: true, file: '/tmp/signalbox.yaml' };
      if (method === 'POST' && path.startsWith('/admin/routing/preview')) return PLAN;
      return {};
    });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'auto' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    expect(await screen.findByText('A route named “auto” already exists')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'quick' } });
    expect(screen.getByText(/Saving renames “fast”/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    await screen.findByTestId('route-saved');
    const writes = client.calls.filter(([method, path]) => method === 'PUT' || path.endsWith('/rename'));
    expect(writes).toEqual([
      ['PUT', '/admin/routes/fast', { strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }] }],
      ['POST', '/admin/routes/fast/rename', { to: 'quick' }],
    ]);
    // Saved again unchanged: no second rename.
    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    await waitFor(() => expect(client.calls.filter(([method]) => method === 'PUT').at(-1)?.[1]).toBe('/admin/routes/quick'));
    expect(client.calls.filter(([, path]) => path.endsWith('/rename'))).toHaveLength(1);
  });

  it('asks for weights only under the weighted strategy and shows each share', () => {
    renderWithAdmin(<RouteEditor {...props} editing={{ name: 'mix', route: { strategy: 'weighted', targets: [{ model: 'a/x', weight: 3 }, { model: 'b/y' }] } }} />, () => ({}));
    expect((screen.getByLabelText('Target 1 weight') as HTMLInputElement).value).toBe('3');
    expect(screen.getByText('75%')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Fallback' }));
    expect(screen.queryByLabelText('Target 1 weight')).toBeNull();
  });

  it('asks before closing with unsaved edits (Escape, close, Cancel); Keep editing keeps them, Discard closes', async () => {
    let closed = 0;
    renderWithAdmin(<RouteEditor {...props} onClose={() => closed++} editing={{ name: 'fast', route: { strategy: 'fallback', targets: [{ model: 'mock/gpt-test' }] } }} />, () => ({}));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(closed).toBe(1);

    fireEvent.change(screen.getByLabelText(/^Description/), { target: { value: 'edited' } });
    fireEvent.keyDown(screen.getByLabelText(/^Description/), { key: 'Escape' });
    expect(await screen.findByRole('alertdialog', { name: 'Discard changes?' })).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Keep editing');
    expect(screen.queryByRole('button', { name: 'Save route' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect((screen.getByLabelText(/^Description/) as HTMLInputElement).value).toBe('edited');
    expect(closed).toBe(1);

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Discard' }));
    expect(closed).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('alertdialog', { name: 'Discard changes?' })).toBeTruthy();
  });
});
