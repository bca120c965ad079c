import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isAppSender, isSafeExternalUrl, secureWebPreferences } from './security.js';

describe('desktop shell security', () => {
  it('locks down every window', () => {
    expect(secureWebPreferences('/p.js')).toMatchObject({ nodeIntegration: false, contextIsolation: true, sandbox: true, webSecurity: true, webviewTag: false });
    // DevTools off unless asked for (development builds only: EL-23).
    expect(secureWebPreferences('/p.js')).toMatchObject({ devTools: false });
    expect(secureWebPreferences('/p.js', { devTools: true })).toMatchObject({ devTools: true, sandbox: true });
  });

  it('keeps navigation on the gateway origin, compared by parsed origin', () => {
    const origin = 'http://127.0.0.1:6464';
    expect(isAllowedNavigation('http://127.0.0.1:6464/#/traces', origin)).toBe(true);
    for (const target of ['http://127.0.0.1:6465/', 'http://127.0.0.1:6464.evil.example/', 'https://example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      expect(isAllowedNavigation(target, origin)).toBe(false);
    }
  });

  it('opens only plain https links externally', () => {
    expect(isSafeExternalUrl('https://platform.openai.com/api-keys')).toBe(true);
    for (const target of ['http://example.com', 'file:///etc/passwd', 'smb://host/share', 'ms-msdt:foo', 'https://user:pw@example.com', 'javascript:alert(1)']) {
      expect(isSafeExternalUrl(target)).toBe(false);
    }
  });

  it('hands the admin token only to frames on the gateway origin', () => {
    const origin = 'http://127.0.0.1:6464';
    expect(isAppSender('http://127.0.0.1:6464/', origin)).toBe(true);
    for (const frame of [undefined, null, '', 'http://127.0.0.1:6465/', 'https://evil.example/', 'file:///tmp/x.html', 'about:blank']) {
      expect(isAppSender(frame, origin)).toBe(false);
    }
  });
});
