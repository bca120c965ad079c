// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TraceBodies, TraceBodyView } from '../../api/types';
import { LiveProvider } from '../../live/LiveProvider';
import { renderWithAdmin } from '../../testing/render';
import { ReplayPanel } from './ReplayPanel';
import { TraceBodiesView } from './TraceBodiesView';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const view = (body: unknown, overrides: Partial<TraceBodyView> = {}): TraceBodyView => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { at: 1_000, contentType: 'application/json', bytes: text.length, truncated: false, body: text, ...overrides };
};

const messages = Array.from({ length: 12 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: `turn ${index}` }));
const inbound = { model: 'claude-x', max_tokens: 64, system: 'Be brief.', messages };
const upstream1 = { model: 'gpt-500', max_tokens: 64, messages: [{ role: 'system', content: 'Be brief.' }, ...messages] };
const upstream2 = { model: 'gpt-test', max_tokens: 64, messages: [{ role: 'system', content: 'Be brief.' }, ...messages] };

const bodies = (overrides: Partial<TraceBodies> = {}): TraceBodies => ({
  retained: true,
  note: null,
  maxBodyBytes: 65_536,
  request: view(inbound),
  upstream: [
    { attempt: 1, ...view(upstream1) },
    { attempt: 2, ...view(upstream2) },
  ],
  response: view({ stream: true, choices: [{ index: 0, text: 'Hello!' }], error: null, truncated: false }),
  ...overrides,
});

describe('trace bodies', () => {
  it('diffs the inbound request against attempt 1, folds unchanged lines, and switches attempts and layouts', () => {
    render(<TraceBodiesView bodies={bodies()} attempts={[]} />);
    const summary = screen.getByTestId('body-summary').textContent;
    expect(summary).toContain('model: claude-x → gpt-500');
    expect(summary).toContain('dropped system');
    const diff = screen.getByTestId('body-diff');
    expect(diff.querySelector('.diff-line.is-remove .diff-text')?.textContent).toBe('  "model": "claude-x",');
    expect([...diff.querySelectorAll('.diff-line.is-add .diff-text')].map((cell) => cell.textContent)).toContain('  "model": "gpt-500",');

    const fold = screen.getByRole('button', { name: /unchanged lines$/ });
    const before = diff.querySelectorAll('.diff-line').length;
    fireEvent.click(fold);
    expect(screen.getByTestId('body-diff').querySelectorAll('.diff-line').length).toBeGreaterThan(before);

    fireEvent.change(screen.getByLabelText('Compare with'), { target: { value: '2' } });
    expect(screen.getByTestId('body-summary').textContent).toContain('model: claude-x → gpt-test');

    fireEvent.click(screen.getByRole('radio', { name: 'Side by side' }));
    const split = screen.getByTestId('body-diff');
    expect(split.classList.contains('is-split')).toBe(true);
    expect(split.querySelector('.diff-text.is-remove')?.textContent).toContain('"model": "claude-x",');
    expect(split.querySelector('.diff-text.is-add')?.textContent).toContain('"model": "gpt-test",');

    expect(screen.getByTestId('body-response').textContent).toContain('"text": "Hello!"');
    expect(screen.getByText('Response (stream summary)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy inbound' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy upstream' })).toBeTruthy();
  });

  it('teaches how to turn retention on when it is off', () => {
    render(<TraceBodiesView bodies={{ retained: false, note: 'off', request: null, upstream: [], response: null }} attempts={[]} />);
    expect(screen.getByText('Bodies are not kept')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open Settings' }).getAttribute('href')).toBe('#/settings');
  });

  it('shows the API note when nothing was kept for this request', () => {
    render(<TraceBodiesView bodies={bodies({ note: 'No bodies are kept for this request (older than 7 days, or none was sent).', request: null, upstream: [], response: null })} attempts={[]} />);
    expect(screen.getByText(/older than 7 days/)).toBeTruthy();
  });

  it('flags truncated bodies with their original size, and shows large bodies without a diff', () => {
    const big = JSON.stringify({ model: 'a', text: 'x'.repeat(300 * 1024) });
    render(<TraceBodiesView bodies={bodies({ request: view(big.slice(0, 500), { bytes: big.length, truncated: true }), upstream: [{ attempt: 1, ...view(big) }] })} attempts={[]} />);
    expect(screen.getByText(/The inbound request was 300 KB; only its first part was kept/)).toBeTruthy();
    expect(screen.getByText(/Not diffed: a body is 300 KB/)).toBeTruthy();
    expect(screen.queryByTestId('body-diff')).toBeNull();
    // A truncated body is not JSON any more: it is shown as kept.
    expect(screen.getByTestId('body-inbound').textContent).toBe(big.slice(0, 500));
    expect(screen.getByTestId('body-upstream').textContent).toContain('"model": "a"');
  });
});

describe('replay', () => {
  const models = { data: [{ id: 'mock/gpt-test', provider: 'mock', model: 'gpt-test', price: null }, { id: 'ant/claude-x', provider: 'ant', model: 'claude-x', price: null }], routes: [] };
  const renderReplay = (endpoint: string, request: TraceBodyView | null) =>
    renderWithAdmin(
      <LiveProvider enabled={false}>
        <ReplayPanel endpoint={endpoint} request={request} originalModel="ant/claude-x" />
      </LiveProvider>,
      () => models,
    );

  it('is disabled, with the reason, for a Gemini request', () => {
    renderReplay('gemini', view({ contents: [] }));
    expect((screen.getByRole('button', { name: 'Replay' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('replay-hint').textContent).toContain('Gemini-dialect requests cannot be replayed');
  });

  it('sends the inbound body with only the model replaced to the dialect’s playground endpoint and shows the answer', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ content: [{ type: 'text', text: 'Replayed!' }] }), { status: 200, headers: { 'content-type': 'application/json', 'x-signalbox-request-id': 'sbr_new' } }));
    vi.stubGlobal('fetch', fetch);
    renderReplay('anthropic-messages', view({ model: 'claude-x', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }));
    const button = screen.getByRole('button', { name: 'Replay' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await screen.findByRole('option', { name: 'ant/claude-x (original)' });
    fireEvent.change(screen.getByLabelText('Replay with'), { target: { value: 'mock/gpt-test' } });
    expect((screen.getByRole('checkbox', { name: 'stream' }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('replay-answer').textContent).toBe('Replayed!'));
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/admin/playground/messages');
    expect(JSON.parse(String(init.body))).toEqual({ model: 'mock/gpt-test', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    expect(screen.getByTestId('replay-trace-link').getAttribute('href')).toBe('#/traces/sbr_new');
    expect(screen.getByText('HTTP 200')).toBeTruthy();
  });
});
