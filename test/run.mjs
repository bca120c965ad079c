#!/usr/bin/env node
// The test command (`npm test`): typecheck, lint, UI build, then the whole vitest suite (unit, codec, integration,
// CLI), then the keychain suite (test/keychain/) inside a throwaway Secret Service: `dbus-run-session` with
// an unlocked gnome-keyring-daemon whose XDG dirs live in a temporary directory, removed afterwards.
// Ends with one line "N passed, N failed" — the tests of both vitest runs plus one entry per static check —
// preceded by one line per test that could not run here and why (e.g. "electron smoke test: not run — no
// Electron binary (…)") and a count of them; those count as neither passed nor failed. The last line is
// always exactly "N passed, N failed" (CI reads it).
// A keychain suite that cannot run (gnome-keyring-daemon or dbus-run-session missing) counts as a failure.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPORTS = '.ci-reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const run = (label, command, args, env = process.env) => {
  process.stdout.write(`\n=== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false, env });
  return result.status === 0;
};

let passed = 0;
let failed = 0;
/** Tests that did not run, with the reason (printed above the summary; neither passed nor failed). */
const notRun = [];
for (const [label, script] of [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  // The browser tests (test/e2e) load dist/renderer: build it from the sources being tested.
  ['build the UI', 'build:renderer'],
]) {
  if (run(label, 'npm', ['run', '--silent', script])) passed++;
  else failed++;
}

/** Adds a vitest JSON report's counts to the totals; a missing report or a suite that failed to load is a failure. */
function count(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    // A suite that failed to load has no tests to count: count it as a failure.
    failed += report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
    const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
    if (skipped) process.stdout.write(`(${skipped} skipped)\n`);
    // A test that cannot run here says why in its title ("<name>: … — not run: <reason>", e.g. the Electron
    // smoke test without an Electron binary). Skips are never counted as passed; these are listed by name.
    for (const suite of report.testResults) {
      for (const test of suite.assertionResults) {
        const [what, why] = test.title.split(' — not run: ');
        if (why !== undefined && test.status !== 'passed' && test.status !== 'failed') notRun.push(`${what.split(':')[0]}: not run — ${why}`);
      }
    }
    return report.numTotalTests;
  } catch (error) {
    process.stdout.write(`vitest produced no report: ${error.message}\n`);
    failed++;
    return 0;
  }
}

const vitest = (name) => ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/${name}.json`];

const mainEnv = { ...process.env };
delete mainEnv.SIGNALBOX_KEYCHAIN_TESTS; // the main run must never pick up test/keychain
run('vitest', 'npx', vitest('vitest'), mainEnv);
count(`${REPORTS}/vitest.json`);

/** Runs a command with stdout inherited and stderr filtered of dbus-daemon's harmless sandbox warnings. */
function runQuietDbus(command, args, env) {
  const NOISE = /Failed to set fd limit|Unable to set up transient service directory/;
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'], env });
    let pending = '';
    child.stderr.on('data', (chunk) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop();
      for (const line of lines) if (!NOISE.test(line)) process.stderr.write(`${line}\n`);
    });
    child.on('error', (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(false);
    });
    child.on('close', (status) => {
      if (pending && !NOISE.test(pending)) process.stderr.write(`${pending}\n`);
      resolve(status === 0);
    });
  });
}

process.stdout.write('\n=== keychain (test/keychain, real Secret Service: dbus-run-session + unlocked gnome-keyring, throwaway keyring dir)\n');
const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
if (missing.length) {
  process.stdout.write(
    `keychain suite cannot run: ${missing.join(' and ')} not found. Install them (Debian: apt-get install gnome-keyring dbus; .ci/run does). Counted as a failure.\n`,
  );
  failed++;
} else {
  const keyring = mkdtempSync(join(tmpdir(), 'signalbox-keyring-'));
  mkdirSync(join(keyring, 'run'), { mode: 0o700 });
  const started = Date.now();
  try {
    await runQuietDbus(
      'dbus-run-session',
      ['--', 'sh', '-c', `printf %s "$SIGNALBOX_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec npx ${vitest('keychain').join(' ')}`],
      {
        ...process.env,
        XDG_DATA_HOME: join(keyring, 'data'),
        XDG_RUNTIME_DIR: join(keyring, 'run'),
        SIGNALBOX_KEYCHAIN_TESTS: keyring,
        SIGNALBOX_KEYRING_PASSWORD: randomBytes(12).toString('hex'),
      },
    );
  } finally {
    rmSync(keyring, { recursive: true, force: true });
  }
  const total = count(`${REPORTS}/keychain.json`);
  if (!total) {
    process.stdout.write('keychain suite ran no tests: counted as a failure\n');
    failed++;
  }
  process.stdout.write(`keychain suite: ${total} tests in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

process.stdout.write('\n');
for (const line of notRun) process.stdout.write(`${line}\n`);
if (notRun.length) process.stdout.write(`${notRun.length} not run (neither passed nor failed)\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed || passed === 0 ? 1 : 0);
