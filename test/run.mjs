#!/usr/bin/env node
// The test command (`npm test`): typecheck, lint, then the whole vitest suite (unit, codec, integration,
// CLI). Ends with one line "N passed, N failed" — vitest tests plus one entry per static check.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = '.ci-reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const run = (label, command, args) => {
  process.stdout.write(`\n=== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  return result.status === 0;
};

let passed = 0;
let failed = 0;
for (const [label, script] of [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
]) {
  if (run(label, 'npm', ['run', '--silent', script])) passed++;
  else failed++;
}

run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/vitest.json`]);
try {
  const report = JSON.parse(readFileSync(`${REPORTS}/vitest.json`, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to load has no tests to count: count it as a failure.
  failed += report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
  const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
  if (skipped) process.stdout.write(`(${skipped} skipped)\n`);
} catch (error) {
  process.stdout.write(`vitest produced no report: ${error.message}\n`);
  failed++;
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed || passed === 0 ? 1 : 0);
