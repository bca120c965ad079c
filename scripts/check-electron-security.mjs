#!/usr/bin/env node
// Electron security source check: fails (exit 1) when shipped source weakens the desktop shell's
// isolation — Node in the page, no context isolation, no sandbox, no web security, insecure content,
// the remote module, <webview>, or a window created without electron/security.ts's secureWebPreferences().
//
// Runs first in `npm run build` (so a violation fails the build before tsc) and in `npm test`
// (test/electron/security-source.test.ts, which also proves every rule fires, using temp fixtures).
//
// What is scanned: product code that ships or configures what ships — electron/, renderer/, gateway/ and
// the root build configs. What is not: node_modules, build output (dist, release), and tests (*.test.*,
// *.spec.*, test/, __tests__/, fixtures/): tests never ship and may hold these strings on purpose.
// There is no inline "allow" escape hatch: a weakened setting has to be argued for in review, here.
//
// Usage: node scripts/check-electron-security.mjs [--root DIR] [PATH ...]   (paths relative to the root)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PATHS = ['electron', 'renderer', 'gateway', 'vite.config.ts', 'electron-builder.yml', 'package.json'];
const EXTENSIONS = /\.(?:[cm]?[jt]s|tsx|jsx|html?|ya?ml|json)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'release', 'coverage', '.git', 'test', 'tests', '__tests__', 'fixtures', '__fixtures__']);
const SKIPPED_FILES = /\.(?:test|spec)\.[cm]?[jt]sx?$/;

/**
 * `key: value` in any spelling a source file can carry it: quoted or not, `:` or `=`, `obj['key'] = value`,
 * any whitespace; `true` also as `!0` / `1`, `false` as `!1` / `0` (minified or hand-written).
 */
function setting(key, value) {
  const literal = value ? '(?:true|!0|1)' : '(?:false|!1|0)';
  return new RegExp(`(["'\`]?)\\b${key}\\1\\]?\\s*[:=]\\s*(["'\`]?)${literal}\\2(?![\\w$])`);
}

export const RULES = [
  { id: 'nodeIntegration: true', pattern: setting('nodeIntegration', true), why: 'Node APIs in the page' },
  { id: 'nodeIntegrationInWorker: true', pattern: setting('nodeIntegrationInWorker', true), why: 'Node APIs in web workers' },
  { id: 'nodeIntegrationInSubFrames: true', pattern: setting('nodeIntegrationInSubFrames', true), why: 'Node/preload in sub-frames' },
  { id: 'contextIsolation: false', pattern: setting('contextIsolation', false), why: 'the page can reach the preload’s world' },
  { id: 'sandbox: false', pattern: setting('sandbox', false), why: 'unsandboxed renderer' },
  { id: 'webSecurity: false', pattern: setting('webSecurity', false), why: 'same-origin policy off' },
  { id: 'allowRunningInsecureContent: true', pattern: setting('allowRunningInsecureContent', true), why: 'http content in https pages' },
  { id: 'webviewTag: true', pattern: setting('webviewTag', true), why: '<webview> can load anything with its own preferences' },
  { id: 'enableRemoteModule', pattern: /\benableRemoteModule\b/, why: 'the remote module (removed from Electron; never bring it back)' },
  { id: '@electron/remote', pattern: /@electron\/remote\b/, why: 'the remote module' },
  { id: '--no-sandbox switch', pattern: /appendSwitch\(\s*(["'`])(?:--)?no-sandbox\1|(["'`])--no-sandbox\2/, why: 'sandbox disabled for every renderer' },
  { id: '--disable-web-security switch', pattern: /(["'`])(?:--)?disable-web-security\1/, why: 'same-origin policy off' },
  { id: 'experimentalFeatures: true', pattern: setting('experimentalFeatures', true), why: 'experimental Chromium features in the page (EL-9)' },
  { id: 'enableBlinkFeatures', pattern: /\benableBlinkFeatures\b/, why: 'extra Blink features in the page (EL-10)' },
  { id: 'allowpopups', pattern: /\ballowpopups\b/i, why: '<webview allowpopups> (EL-11)' },
  { id: 'devTools: true', pattern: setting('devTools', true), why: 'DevTools always on: only development builds get them, via secureWebPreferences(…, { devTools: !app.isPackaged }) (EL-23)' },
  { id: 'crash upload', pattern: setting('uploadToServer', true), why: 'crash dumps (process memory with keys in it) uploaded somewhere (EL-23)' },
];

/** A file that creates a window or view must build its webPreferences with secureWebPreferences(). */
const CREATES_WINDOW = /\bnew\s+(?:BrowserWindow|BrowserView|WebContentsView)\s*\(/;
const SECURE_PREFERENCES = /\bsecureWebPreferences\s*\(/;

function* walk(path) {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (stat.isDirectory() && SKIPPED_DIRECTORIES.has(entry)) continue;
      yield* walk(join(path, entry));
    }
  } else if (stat.isFile() && EXTENSIONS.test(path) && !SKIPPED_FILES.test(path)) {
    yield path;
  }
}

/**
 * Scans `paths` (files or directories, relative to `root`) and returns the findings:
 * `{ file, line, rule, why, text }`, file relative to root with `/` separators. Missing paths are skipped.
 */
export function checkElectronSecurity({ root = process.cwd(), paths = DEFAULT_PATHS } = {}) {
  const findings = [];
  const scanned = [];
  for (const path of paths) {
    const absolute = resolve(root, path);
    if (!existsSync(absolute)) continue;
    for (const file of walk(absolute)) {
      const name = relative(root, file).split(sep).join('/');
      scanned.push(name);
      const source = readFileSync(file, 'utf8');
      const lines = source.split(/\r?\n/);
      lines.forEach((text, index) => {
        for (const rule of RULES) {
          if (rule.pattern.test(text)) findings.push({ file: name, line: index + 1, rule: rule.id, why: rule.why, text: text.trim() });
        }
      });
      if (CREATES_WINDOW.test(source) && !SECURE_PREFERENCES.test(source)) {
        const line = lines.findIndex((text) => CREATES_WINDOW.test(text)) + 1;
        findings.push({
          file: name,
          line,
          rule: 'window without secureWebPreferences()',
          why: 'every BrowserWindow/BrowserView/WebContentsView takes its webPreferences from electron/security.ts',
          text: (lines[line - 1] ?? '').trim(),
        });
      }
    }
  }
  return { findings, scanned };
}

function main(argv) {
  let root = process.cwd();
  const paths = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--root') root = resolve(argv[++index] ?? '.');
    else paths.push(argv[index]);
  }
  const { findings, scanned } = checkElectronSecurity({ root, paths: paths.length ? paths : DEFAULT_PATHS });
  if (!findings.length) {
    process.stdout.write(`electron security check: ok (${scanned.length} files, ${RULES.length + 1} rules)\n`);
    return 0;
  }
  process.stderr.write(`electron security check: ${findings.length} violation(s)\n`);
  for (const finding of findings) {
    process.stderr.write(`  ${finding.file}:${finding.line}  ${finding.rule} — ${finding.why}\n    ${finding.text}\n`);
  }
  process.stderr.write('See README "Desktop app → Security checklist". Windows use secureWebPreferences() from electron/security.ts.\n');
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(main(process.argv.slice(2)));
}
