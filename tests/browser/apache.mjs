// Real Apache httpd (Debian's apache2-bin) on 127.0.0.1, for the migration test: a minimal server
// configuration written into a temporary folder, serving a built site whose public/ holds the
// README's `.htaccess` (its "Deploying" block), plus lines the caller puts at the server level (the
// README's RewriteMap block). Runs in the foreground as one process (`-X`), so stopping it is one kill.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, answering } from './nginx.mjs';

export const APACHE = process.env.GONGKAI_APACHE || '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
/** What the README's `.htaccess` and redirect block use, and what serves a folder's index.html. */
const NEEDED = ['mpm_event', 'authz_core', 'dir', 'mime', 'headers', 'rewrite'];

/** Whether Apache and the modules the test loads are installed (scripts/test-browser installs apache2-bin). */
export function haveApache() {
  try { execFileSync(APACHE, ['-v'], { stdio: 'ignore' }); } catch { return false; }
  return NEEDED.every((m) => fs.existsSync(path.join(MODULES, `mod_${m}.so`)));
}

/**
 * Starts Apache serving `siteDir` (a built public/ folder; its `.htaccess` is read, AllowOverride
 * All) with `serverLines` at the server level. Returns {origin, stop, log()}.
 */
export async function startApache(siteDir, serverLines = '') {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-apache-'));
  const port = await freePort();
  const root = path.resolve(siteDir);
  const conf = `ServerRoot ${tmp}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
${NEEDED.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`).join('\n')}
PidFile ${tmp}/httpd.pid
DefaultRuntimeDir ${tmp}
Mutex file:${tmp}
ErrorLog ${tmp}/error.log
LogLevel warn
TypesConfig /etc/mime.types
DocumentRoot ${root}
DirectoryIndex index.html
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory ${root}>
  AllowOverride All
  Require all granted
</Directory>
${serverLines}
`;
  fs.writeFileSync(path.join(tmp, 'httpd.conf'), conf);
  const child = spawn(APACHE, ['-X', '-f', path.join(tmp, 'httpd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const origin = `http://127.0.0.1:${port}`;
  const { stop, log } = await answering(child, 'apache2', origin, tmp, 'SIGTERM');
  return { origin, stop, log };
}
