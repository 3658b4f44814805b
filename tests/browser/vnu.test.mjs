// The Nu Html Checker (vnu.jar from the pinned npm package vnu-jar) over every built HTML page, offline.
// Skipped with a notice when no Java runtime is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { SITE } from './lib.mjs';

const require = createRequire(import.meta.url);
const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
const noJava = java.error || java.status !== 0;
if (noJava) console.log('# NOTICE: java not found — skipping the Nu Html Checker (apt-get install default-jre-headless to run it)');

test('Nu Html Checker: no errors on any page', { skip: noJava && 'java not installed' }, () => {
  const jar = require('vnu-jar');
  const r = spawnSync('java', ['-Xss1m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'gnu', SITE],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = (r.stdout + r.stderr).trim();
  assert.equal(r.status, 0, `vnu reported errors:\n${out.split('\n').slice(0, 60).join('\n')}`);
});
