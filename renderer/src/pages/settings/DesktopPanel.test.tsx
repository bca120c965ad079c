// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopBridge } from '../../api/desktop-bridge';
import { DesktopPanel } from './DesktopPanel';

afterEach(cleanup);

/** A preload bridge whose login item the test controls; `refuse` makes the OS keep the old state. */
function fakeBridge(initial: boolean, options: { refuse?: boolean } = {}) {
  let state = initial;
  const calls: boolean[] = [];
  const bridge: DesktopBridge = {
    adminToken: () => Promise.resolve('token'),
    launchAtLogin: {
      get: () => Promise.resolve(state),
      set: (enabled) => {
        calls.push(enabled);
        if (!options.refuse) state = enabled;
        return Promise.resolve(state);
      },
    },
  };
  return { bridge, calls, state: () => state };
}

const toggle = () => screen.getByRole<HTMLInputElement>('switch', { name: 'Launch at login' });

describe('launch at login', () => {
  it('shows the state the bridge reports and changes it through the bridge', async () => {
    const fake = fakeBridge(false);
    render(<DesktopPanel bridge={fake.bridge} />);
    await waitFor(() => expect(toggle().disabled).toBe(false));
    expect(toggle().checked).toBe(false);
    fireEvent.click(toggle());
    await waitFor(() => expect(toggle().checked).toBe(true));
    expect(fake.calls).toEqual([true]);
    expect(fake.state()).toBe(true);
    fireEvent.click(toggle());
    await waitFor(() => expect(toggle().checked).toBe(false));
    expect(fake.calls).toEqual([true, false]);
  });

  it('shows the state in effect when the system refuses the change', async () => {
    const fake = fakeBridge(false, { refuse: true });
    render(<DesktopPanel bridge={fake.bridge} />);
    await waitFor(() => expect(toggle().disabled).toBe(false));
    fireEvent.click(toggle());
    expect((await screen.findByRole('alert')).textContent).toMatch(/did not accept/);
    expect(toggle().checked).toBe(false);
  });

  it('is disabled with "Desktop app only" in a browser or a desktop build without it', () => {
    for (const bridge of [undefined, { adminToken: () => Promise.resolve(null) }]) {
      render(<DesktopPanel bridge={bridge} />);
      expect(toggle().disabled).toBe(true);
      expect(toggle().checked).toBe(false);
      expect(screen.getByText('Desktop app only').id).toBe(toggle().getAttribute('aria-describedby'));
      cleanup();
    }
  });
});
