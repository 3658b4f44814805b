// Real nginx (Debian's package) on 127.0.0.1 with the README's server block, over a built site: for
// the deployment test (nginx.test.mjs) and the Lighthouse script (scripts/lighthouse), so both see
// the site as a web server following the README serves it. The block is read from README.md at
// run time; only its `listen` and `root` lines are replaced.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './lib.mjs';

export const NGINX = process.env.GONGKAI_NGINX || '/usr/sbin/nginx';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** Whether nginx is installed (scripts/test-browser installs it). */
export function haveNginx() {
  try { execFileSync(NGINX, ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** The first ```nginx block of README.md's "Deploying" section. */
export function readmeServerBlock() {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const deploying = readme.slice(readme.indexOf('## Deploying'));
  const m = /```nginx\n([\s\S]*?)```/.exec(deploying);
  if (!m) throw new Error('README.md: no ```nginx block under "## Deploying"');
  return m[1];
}

/** The Content-Security-Policy the README's block sends. */
export function readmeCsp() {
  return /set \$csp "([^"]+)";/.exec(readmeServerBlock())[1];
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const srv = net.createServer();
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address();
  await new Promise((ok) => srv.close(ok));
  return port;
}

/** GET `url` without decoding: {status, headers, body (Buffer)}. */
export function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/**
 * Waits until a server started as `child` (named `name`) answers at `origin`, its error log in
 * `tmp/error.log`. Returns {stop (sends `signal`, then SIGKILL after 3 s, and removes `tmp`), log()}.
 */
export async function answering(child, name, origin, tmp, signal) {
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  const log = () => `${stderr}${fs.existsSync(path.join(tmp, 'error.log')) ? fs.readFileSync(path.join(tmp, 'error.log'), 'utf8') : ''}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}:\n${log()}`);
    try { await get(origin + '/'); break; } catch {
      if (i > 100) { child.kill(); throw new Error(`${name} did not answer on ${origin}:\n${log()}`); }
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill(signal);
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { stop, log };
}

/**
 * Starts nginx serving `siteDir` with the README's block (plus `extra.http` beside it and
 * `extra.server` inside it). Returns {origin, stop, log()}. The brotli
 * module is loaded when Debian's libnginx-mod-http-brotli-static is installed, else the block's
 * `brotli_static` line is dropped (as the README says to do).
 */
export async function startNginx(siteDir, extra = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-nginx-'));
  const port = await freePort();
  const brotli = fs.existsSync(BROTLI_MODULE);
  let block = readmeServerBlock()
    .replace(/listen\s+80;/, `listen 127.0.0.1:${port};`)
    .replace(/root\s+\/var\/www\/public;/, `root ${path.resolve(siteDir)};`);
  if (!brotli) block = block.replace(/^\s*brotli_static on;\n/m, '');
  // `extra.http` goes beside the server block, `extra.server` at the top of it.
  if (extra.server) block = block.replace(/server \{\n/, `server {\n${extra.server}\n`);
  const conf = `${brotli ? `load_module ${BROTLI_MODULE};\n` : ''}daemon off;
master_process off;
worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
${extra.http || ''}
${block}
}
`;
  fs.writeFileSync(path.join(tmp, 'nginx.conf'), conf);
  const child = spawn(NGINX, ['-p', tmp, '-c', path.join(tmp, 'nginx.conf'), '-e', path.join(tmp, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const origin = `http://127.0.0.1:${port}`;
  const { stop, log } = await answering(child, 'nginx', origin, tmp, 'SIGQUIT');
  return { origin, stop, log, brotli };
}
