/**
 * Client keys through the real server: created, listed, restricted, limited and revoked through the
 * admin API and the CLI (against the same database while the gateway runs), accepted in every credential
 * header the SDKs use, stored only as salted hashes; plus the first-run key and the admin session cookie.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { createGateway } from '../../gateway/index.js';
import { silentLogger } from '../../gateway/telemetry/log.js';
import { CLIENT_KEY, startHarness, type Harness } from '../helpers/harness.js';

const CLI = fileURLToPath(new URL('../../gateway/cli.ts', import.meta.url));
const user = [{ role: 'user' as const, content: 'hi' }];

let h: Harness;
let admin: Record<string, string>;

beforeAll(async () => {
  h = await startHarness({ config: { routes: { fast: { targets: [{ model: 'mock/gpt-test' }] } } } });
  admin = { authorization: `Bearer ${h.gateway.adminToken}`, 'content-type': 'application/json' };
});

afterAll(async () => {
  await h?.close();
});

async function adminCall(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const headers = body === undefined ? { authorization: admin.authorization as string } : admin;
  const response = await fetch(`${h.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

async function createKey(body: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const created = await adminCall('POST', '/admin/client-keys', body);
  expect(created.status).toBe(201);
  return created.body;
}

const client = (key: string): OpenAI => new OpenAI({ apiKey: key, baseURL: `${h.url}/v1`, maxRetries: 0 });

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('client keys (admin API)', () => {
  it('creates a key shown once, which works at once and is listed only as a hint', async () => {
    const created = await adminCall('POST', '/admin/client-keys', { name: 'cursor' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { key, id, hint } = created.body;
    expect(key).toMatch(new RegExp(`^sk-sb-${id}_[A-Za-z0-9_-]{43}$`));
    expect(hint).toBe(`sk-sb-${id}_…${key.slice(-4)}`);

    const answer = await client(key).chat.completions.create({ model: 'mock/gpt-test', messages: user });
    expect(answer.choices[0]?.message.content).toBeTruthy();

    const listed = await adminCall('GET', '/admin/client-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(17));
    const entry = listed.body.data.find((row: any) => row.id === id);
    expect(entry).toMatchObject({ name: 'cursor', source: 'database', hint, revokedAt: null, models: null, limits: null });
    expect(entry.lastUsedAt).not.toBeNull();
    expect(listed.body.data).toContainEqual(expect.objectContaining({ name: 'test', source: 'config', id: null }));
    // The ledger names the client.
    const requests = await adminCall('GET', '/admin/requests?client=cursor');
    expect(requests.body.data).toHaveLength(1);
  });

  it('refuses duplicate and malformed names, unknown fields and unknown keys, in OpenAI shape', async () => {
    await createKey({ name: 'dup' });
    expect((await adminCall('POST', '/admin/client-keys', { name: 'dup' })).body.error).toMatchObject({ code: 'duplicate_name', param: 'name' });
    expect((await adminCall('POST', '/admin/client-keys', { name: 'test' })).body.error).toMatchObject({ code: 'duplicate_name' });
    expect((await adminCall('POST', '/admin/client-keys', { name: 'Bad Name' })).status).toBe(400);
    expect((await adminCall('POST', '/admin/client-keys', { name: 'x', hash: 'aa' })).status).toBe(400);
    const missing = await adminCall('DELETE', '/admin/client-keys/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('client_key_not_found');
    expect((await adminCall('DELETE', '/admin/client-keys/test')).body.error.code).toBe('config_client_key');
  });

  it('revokes a key: the next request is refused, the name can be reused', async () => {
    const { key, id } = await createKey({ name: 'ci' });
    await client(key).models.list();
    const revoked = await adminCall('DELETE', `/admin/client-keys/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await expect(client(key).models.list()).rejects.toMatchObject({ status: 401 });
    const again = await createKey({ name: 'ci' });
    expect(again.id).not.toBe(id);
    await client(again.key).models.list();
  });

  it('limits a key to models and routes, in the dialect the client spoke', async () => {
    const { key, id } = await createKey({ name: 'restricted', models: ['mock/*', 'fast'] });
    const openai = client(key);
    await openai.chat.completions.create({ model: 'mock/gpt-test', messages: user });
    await openai.chat.completions.create({ model: 'fast', messages: user });
    await expect(openai.chat.completions.create({ model: 'oai/gpt-test', messages: user })).rejects.toMatchObject({
      status: 403,
      code: 'model_not_allowed',
      param: 'model',
    });
    const anthropic = new Anthropic({ apiKey: key, baseURL: h.url, maxRetries: 0 });
    await expect(anthropic.messages.create({ model: 'ant/claude-text', max_tokens: 10, messages: user })).rejects.toMatchObject({
      status: 403,
      error: { type: 'error', error: { type: 'permission_error' } },
    });
    await expect(openai.embeddings.create({ model: 'oai/text-embedding-3-small', input: 'x' })).rejects.toMatchObject({ status: 403 });
    const models = (await openai.models.list()).data.map((model) => model.id);
    expect(models).toContain('fast');
    expect(models.every((model) => model === 'fast' || model.startsWith('mock/'))).toBe(true);
    // Widening the list takes effect on the next request.
    expect((await adminCall('PATCH', `/admin/client-keys/${id}`, { models: null })).body.models).toBeNull();
    await openai.chat.completions.create({ model: 'oai/gpt-test', messages: user });
  });

  it('gives a key its own rate limit, changeable at runtime', async () => {
    const { key, id } = await createKey({ name: 'limited', limits: { requestsPerMinute: 1 } });
    const openai = client(key);
    await openai.chat.completions.create({ model: 'mock/gpt-test', messages: user });
    await expect(openai.chat.completions.create({ model: 'mock/gpt-test', messages: user })).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    // Other keys are not affected.
    await h.openai.chat.completions.create({ model: 'mock/gpt-test', messages: user });
    const limits = await adminCall('GET', '/admin/limits');
    expect(limits.body.scopes).toContainEqual(expect.objectContaining({ scope: 'client:limited' }));
    await adminCall('PATCH', `/admin/client-keys/${id}`, { limits: null });
    await openai.chat.completions.create({ model: 'mock/gpt-test', messages: user });
  });

  it('accepts the key as Bearer, x-api-key or x-goog-api-key; refuses conflicts and keys in the URL', async () => {
    const send = (headers: Record<string, string>, path = '/v1/models') => fetch(`${h.url}${path}`, { headers });
    expect((await send({ authorization: `Bearer ${CLIENT_KEY}` })).status).toBe(200);
    expect((await send({ 'x-api-key': CLIENT_KEY })).status).toBe(200);
    expect((await send({ 'x-goog-api-key': CLIENT_KEY })).status).toBe(200);
    const { key } = await createKey({ name: 'other' });
    const conflict = await send({ authorization: `Bearer ${CLIENT_KEY}`, 'x-goog-api-key': key });
    expect(conflict.status).toBe(401);
    expect(((await conflict.json()) as any).error.message).toMatch(/Conflicting credentials/);
    for (const query of [`key=${CLIENT_KEY}`, `api_key=${CLIENT_KEY}`, `access_token=${CLIENT_KEY}`]) {
      const inUrl = await send({ authorization: `Bearer ${CLIENT_KEY}` }, `/v1/models?${query}`);
      expect(inUrl.status).toBe(401);
      const body = (await inUrl.json()) as any;
      expect(body.error.code).toBe('credentials_in_query');
      expect(JSON.stringify(body)).not.toContain(CLIENT_KEY);
    }
    expect((await fetch(`${h.url}/admin/status?token=${h.gateway.adminToken}`)).status).toBe(401);
  });

  it('treats SQL-looking credentials as wrong keys and leaves the database intact', async () => {
    for (const key of ["' OR '1'='1", '";DROP TABLE client_keys;--', "sk-sb-aaaaaaaaaa_' OR 1=1 --", `sk-sb-${'a'.repeat(10)}_${'b'.repeat(43)}`]) {
      expect((await fetch(`${h.url}/v1/models`, { headers: { 'x-api-key': key } })).status).toBe(401);
    }
    expect((await adminCall('GET', '/admin/client-keys')).body.data.length).toBeGreaterThan(3);
  });

  it('stores no key in clear: only salted hashes reach the database files', async () => {
    const { key } = await createKey({ name: 'hashed' });
    await client(key).models.list();
    const secret = key.slice(key.indexOf('_') + 1);
    // Read by another process: opening and closing the database files here would drop this process's
    // POSIX locks on them, and SQLite (in the running gateway) relies on those.
    const found = spawnSync(
      process.execPath,
      ['-e', 'const fs=require("fs"),p=require("path");const d=process.argv[1];console.log(JSON.stringify(fs.readdirSync(d).filter(n=>n.startsWith("signalbox.db")).map(n=>[n,fs.readFileSync(p.join(d,n)).includes(process.env.SECRET)])))', h.dataDir],
      { env: { ...process.env, SECRET: secret }, encoding: 'utf8' },
    );
    const files = JSON.parse(found.stdout) as Array<[string, boolean]>;
    expect(files.map(([name]) => name)).toContain('signalbox.db-wal');
    expect(files.filter(([, hit]) => hit)).toEqual([]);
  });
});

describe('client keys (CLI against a running gateway)', () => {
  it('creates, lists and revokes keys in the data dir; the running gateway follows on the next request', async () => {
    const created = await cli(['client-keys', 'create', 'from-cli', '--data-dir', h.dataDir, '--models', 'mock/*', '--usd-per-day', '5']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const key = /^\s+(sk-sb-\S+)$/m.exec(created.stdout)?.[1] as string;
    expect(key).toBeTruthy();
    const openai = client(key);
    await openai.chat.completions.create({ model: 'mock/gpt-test', messages: user });
    await expect(openai.chat.completions.create({ model: 'oai/gpt-test', messages: user })).rejects.toMatchObject({ status: 403 });

    const listed = await cli(['client-keys', 'ls', '--data-dir', h.dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/from-cli\s+[a-z0-9]{10}\s+sk-sb-[a-z0-9]{10}_…\S{4}\s+active/);
    expect(listed.stdout).toContain('$5/day');
    expect(listed.stdout).not.toContain(key);
    const json = JSON.parse((await cli(['client-keys', 'ls', '--json', '--data-dir', h.dataDir])).stdout) as Array<{ name: string; limits: unknown }>;
    expect(json.find((entry) => entry.name === 'from-cli')?.limits).toEqual({ usdPerDay: 5 });

    const revoked = await cli(['client-keys', 'revoke', 'from-cli', '--data-dir', h.dataDir]);
    expect(revoked.stdout).toMatch(/Revoked client key "from-cli"/);
    expect(revoked.code).toBe(0);
    await expect(openai.models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('exits non-zero with a clear message on bad input', async () => {
    const unknown = await cli(['client-keys', 'revoke', 'nope', '--data-dir', h.dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No client key with id or name "nope"/);
    const badName = await cli(['client-keys', 'create', 'Bad Name', '--data-dir', h.dataDir]);
    expect(badName.code).toBe(2);
    const badLimit = await cli(['client-keys', 'create', 'x', '--requests-per-minute', '1.5', '--data-dir', h.dataDir]);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--requests-per-minute must be an integer/);
  });
});

describe('first run', () => {
  it('creates one key on first run only, and hands it to the UI once', async () => {
    const config = validateConfig({}, 'empty');
    const first = await createGateway({ config, dataDir: join(h.dataDir, 'first'), log: silentLogger, uiRoot: null, createFirstKey: true });
    const { url } = await first.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(first.firstRunKey).toMatch(/^sk-sb-/);
      expect((await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${first.firstRunKey}` } })).status).toBe(200);
      const headers = { authorization: `Bearer ${first.adminToken}` };
      expect(await (await fetch(`${url}/admin/client-keys/first-run`, { headers })).json()).toEqual({ name: 'default', key: first.firstRunKey });
      expect(await (await fetch(`${url}/admin/client-keys/first-run`, { headers })).json()).toEqual({ name: null, key: null });
    } finally {
      await first.close();
    }
    const second = await createGateway({ config, dataDir: join(h.dataDir, 'first'), log: silentLogger, uiRoot: null, createFirstKey: true });
    expect(second.firstRunKey).toBeUndefined();
    expect(second.context.clientKeys.liveCount()).toBe(1);
    await second.close();
  });
});

describe('admin session cookie', () => {
  const port = (): string => new URL(h.url).port;

  it('trades the link token for an HttpOnly, SameSite=Strict cookie and a redirect', async () => {
    const exchange = await fetch(`${h.url}/?token=${encodeURIComponent(h.gateway.adminToken)}`, { redirect: 'manual' });
    expect(exchange.status).toBe(303);
    expect(exchange.headers.get('location')).toBe('/');
    const cookie = exchange.headers.get('set-cookie') as string;
    expect(cookie).toMatch(new RegExp(`^signalbox_session_${port()}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    expect(cookie).not.toContain(h.gateway.adminToken);
    const session = cookie.split(';')[0] as string;

    expect((await fetch(`${h.url}/admin/status`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${h.url}/admin/status`, { headers: { cookie: session, 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    // Another port of 127.0.0.1 is "same-site" for cookies: the browser's own word refuses it.
    expect((await fetch(`${h.url}/admin/status`, { headers: { cookie: session, 'sec-fetch-site': 'same-site' } })).status).toBe(403);
    expect((await fetch(`${h.url}/admin/status`, { headers: { cookie: session, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    // A session cookie never authenticates the client API.
    expect((await fetch(`${h.url}/v1/models`, { headers: { cookie: session } })).status).toBe(401);

    const out = await fetch(`${h.url}/admin/session`, { method: 'DELETE', headers: { cookie: session } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await fetch(`${h.url}/admin/status`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('refuses a wrong token without setting a cookie, and forged session ids', async () => {
    const wrong = await fetch(`${h.url}/?token=wrong`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${h.url}/admin/status`, { headers: { cookie: `signalbox_session_${port()}=${'a'.repeat(43)}` } })).status).toBe(401);
    expect((await fetch(`${h.url}/admin/status`, { headers: { cookie: `signalbox_session_${port()}=${h.gateway.adminToken}` } })).status).toBe(401);
  });
});
