/**
 * The Electron security source check (scripts/check-electron-security.mjs): it passes on the real tree,
 * and it catches every banned setting in every spelling — proven on fixture files written to a temp dir
 * (so no file in the repository has to contain the banned strings).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkElectronSecurity, DEFAULT_PATHS, RULES } from '../../scripts/check-electron-security.mjs';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const script = join(repository, 'scripts', 'check-electron-security.mjs');
const temp = mkdtempSync(join(tmpdir(), 'signalbox-security-check-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let fixtureCount = 0;
/** Writes files under a fresh fixture root and returns the root. */
function fixture(files: Record<string, string>): string {
  const root = join(temp, `case-${++fixtureCount}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}
const rulesFound = (root: string) => checkElectronSecurity({ root, paths: DEFAULT_PATHS }).findings.map((finding) => finding.rule);

// One bad line per rule, in the shape it would take in real code.
const VIOLATIONS: Record<string, string> = {
  'nodeIntegration: true': 'new BrowserWindow({ webPreferences: { ...secureWebPreferences(p), nodeIntegration: true } });',
  'nodeIntegrationInWorker: true': 'const prefs = { nodeIntegrationInWorker: true };',
  'nodeIntegrationInSubFrames: true': 'const prefs = { nodeIntegrationInSubFrames: true };',
  'contextIsolation: false': 'const prefs = { contextIsolation: false };',
  'sandbox: false': 'const prefs = { sandbox: false };',
  'webSecurity: false': 'const prefs = { webSecurity: false };',
  'allowRunningInsecureContent: true': 'const prefs = { allowRunningInsecureContent: true };',
  'webviewTag: true': 'const prefs = { webviewTag: true };',
  enableRemoteModule: 'const prefs = { enableRemoteModule: false }; // gone from Electron: even mentioning it is refused',
  '@electron/remote': "import { BrowserWindow } from '@electron/remote/main';",
  '--no-sandbox switch': "app.commandLine.appendSwitch('no-sandbox');",
  '--disable-web-security switch': "app.commandLine.appendSwitch('disable-web-security');",
  'experimentalFeatures: true': 'const prefs = { experimentalFeatures: true };',
  enableBlinkFeatures: "const prefs = { enableBlinkFeatures: 'CSSVariables' };",
  allowpopups: '<webview src="https://example.com" allowpopups></webview>',
  'devTools: true': 'const prefs = { ...secureWebPreferences(p), devTools: true };',
  'crash upload': "crashReporter.start({ submitURL: 'https://crashes.example', uploadToServer: true });",
};

describe('electron security source check', () => {
  it('passes on the real tree, and scans the shipped source folders', () => {
    const { findings, scanned } = checkElectronSecurity({ root: repository });
    expect(findings).toEqual([]);
    expect(scanned).toContain('electron/main.ts');
    expect(scanned).toContain('electron/security.ts');
    expect(scanned.some((file) => file.startsWith('gateway/'))).toBe(true);
    expect(scanned.some((file) => file.startsWith('renderer/'))).toBe(true);
    expect(scanned).toContain('electron-builder.yml');
    expect(scanned.filter((file) => /\.test\.tsx?$/.test(file) || file.includes('node_modules/') || file.startsWith('dist/'))).toEqual([]);
  });

  it('has a fixture for every rule', () => {
    expect(Object.keys(VIOLATIONS).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  for (const [rule, line] of Object.entries(VIOLATIONS)) {
    it(`catches ${rule}`, () => {
      const root = fixture({ 'electron/window.ts': `${line}\n` });
      expect(rulesFound(root)).toContain(rule);
    });
  }

  it('is tolerant to quotes, whitespace, assignment and minified booleans', () => {
    const spellings = [
      '{ "nodeIntegration": true }',
      "{ 'contextIsolation' : false }",
      '{ `sandbox`:false }',
      'preferences.webSecurity = false;',
      "preferences['webviewTag'] = true;",
      '{nodeIntegrationInSubFrames:!0}',
      '{allowRunningInsecureContent:   !0,}',
      'sandbox:\t!1',
      'webPreferences:\n  nodeIntegration: true', // YAML
    ];
    for (const spelling of spellings) {
      const root = fixture({ 'electron/x.ts': spelling });
      expect(rulesFound(root), spelling).toHaveLength(1);
    }
  });

  it('does not flag the secure values or look-alike names', () => {
    const root = fixture({
      'electron/ok.ts': [
        'const prefs = { nodeIntegration: false, nodeIntegrationInWorker: false, contextIsolation: true, sandbox: true };',
        'const more = { webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, nodeIntegrationInSubFrames: false };',
        'const sandboxed = true; const mySandbox = { sandboxFalse: false }; const count = { sandbox: 10 };',
        "// <iframe sandbox=\"allow-scripts\">",
      ].join('\n'),
    });
    expect(rulesFound(root)).toEqual([]);
  });

  it('requires every window to take secureWebPreferences()', () => {
    expect(rulesFound(fixture({ 'electron/about.ts': 'const w = new BrowserWindow({ webPreferences: { preload } });' }))).toEqual([
      'window without secureWebPreferences()',
    ]);
    expect(rulesFound(fixture({ 'electron/view.ts': 'const v = new WebContentsView({});' }))).toEqual(['window without secureWebPreferences()']);
    expect(rulesFound(fixture({ 'electron/ok.ts': 'new BrowserWindow({ webPreferences: secureWebPreferences(preload) });' }))).toEqual([]);
  });

  it('scans renderer/, gateway/ and the build configs; skips tests, node_modules and build output', () => {
    const bad = 'const prefs = { sandbox: false };\n';
    const root = fixture({
      'renderer/src/x.tsx': bad,
      'gateway/y.ts': bad,
      'electron/preload.cts': bad,
      'electron-builder.yml': 'extraMetadata:\n  sandbox: false\n',
      'renderer/index.html': '<webview src="x" webpreferences="sandbox=false"></webview>\n',
      'electron/window.test.ts': bad,
      'electron/test/helper.ts': bad,
      'gateway/fixtures/sample.json': '{"sandbox": false}',
      'renderer/node_modules/pkg/index.js': bad,
      'electron/dist/main.js': bad,
      'docs/notes.ts': bad, // not a scanned folder
    });
    const files = checkElectronSecurity({ root }).findings.map((finding) => finding.file).sort();
    expect(files).toEqual(['electron-builder.yml', 'electron/preload.cts', 'gateway/y.ts', 'renderer/index.html', 'renderer/src/x.tsx']);
  });

  it('the command fails with the file and line, and passes on the real tree', () => {
    const root = fixture({ 'electron/main.ts': 'const a = 1;\nconst prefs = { contextIsolation: false };\n' });
    const failing = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('electron/main.ts:2');
    expect(failing.stderr).toContain('contextIsolation: false');

    const passing = spawnSync(process.execPath, [script], { cwd: repository, encoding: 'utf8' });
    expect(passing.stderr).toBe('');
    expect(passing.status).toBe(0);
    expect(passing.stdout).toMatch(/^electron security check: ok/);
  });
});
