/**
 * Route-table invariant (SEC-12, SEC-16): every route the server has — enumerated from Fastify, so routes
 * added later are covered without touching this file — runs the localhost guard first, refuses foreign
 * Hosts and Origins, and needs credentials unless it is one of the few deliberate public routes. Odd
 * request targets never reach an admin handler without the admin token.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { makeUiRoot, rawRequest } from '../helpers/security.js';

/** The only routes that answer without credentials: probes and the built UI's static files. */
const PUBLIC = new Set(['GET /', 'GET /health', 'GET /ready', 'GET /index.html', 'GET /assets/app.js']);

let h: Harness;
let port: number;
let uiRoot: string;
beforeAll(async () => {
  uiRoot = makeUiRoot();
  h = await startHarness({ gateway: { uiRoot } });
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h.close();
  rmSync(uiRoot, { recursive: true, force: true });
});

interface RouteEntry {
  method: string;
  path: string;
  onRequest: string[];
}

/** Routes from `printRoutes({ commonPrefix: false, includeHooks: true })`: a tree of path suffixes. */
function enumerateRoutes(tree: string): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const stack: string[] = [];
  let current: RouteEntry[] = [];
  for (const line of tree.split('\n')) {
    const node = /^([│ ]*)[└├]── (.*) \(([A-Z, ]+)\)$/.exec(line) ?? /^()└── (.*) \(([A-Z, ]+)\)$/.exec(line);
    if (node) {
      const depth = (node[1] ?? '').length / 4;
      stack.length = depth;
      const parent = stack.join('');
      // A wildcard child is printed without its slash (`v1/models` → `*` for `/v1/models/*`).
      const path = `${parent}${node[2]?.startsWith('*') && !parent.endsWith('/') ? '/' : ''}${node[2]}`;
      stack.push(node[2] ?? '');
      current = (node[3] ?? '').split(', ').map((method) => ({ method, path, onRequest: [] }));
      routes.push(...current);
      continue;
    }
    const hooks = /• \(onRequest\) (\[.*\])$/.exec(line);
    if (hooks) for (const route of current) route.onRequest = JSON.parse(hooks[1] ?? '[]') as string[];
  }
  return routes;
}

const concrete = (path: string): string => path.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');

describe('route table', () => {
  it('every route runs the localhost guard as its first onRequest hook', () => {
    const routes = enumerateRoutes(h.gateway.app.printRoutes({ commonPrefix: false, includeHooks: true }));
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      expect({ route: `${route.method} ${route.path}`, first: route.onRequest[0] }).toEqual({ route: `${route.method} ${route.path}`, first: 'localhostGuard()' });
    }
  });

  it('every route refuses a foreign Host and a foreign Origin, and needs credentials unless deliberately public', async () => {
    const routes = enumerateRoutes(h.gateway.app.printRoutes({ commonPrefix: false, includeHooks: true }));
    const publicSeen = new Set<string>();
    for (const route of routes) {
      const label = `${route.method} ${route.path}`;
      const target = concrete(route.path);
      const rebound = await rawRequest(port, { method: route.method, target, host: `evil.example:${port}` });
      expect({ label, status: rebound.status }).toEqual({ label, status: 403 });
      const foreign = await rawRequest(port, { method: route.method, target, host: `127.0.0.1:${port}`, headers: { origin: 'http://evil.example' } });
      expect({ label, status: foreign.status }).toEqual({ label, status: 403 });
      if (route.method === 'HEAD') continue;
      const anonymous = await rawRequest(port, { method: route.method, target, host: `127.0.0.1:${port}` });
      if (PUBLIC.has(label)) {
        publicSeen.add(label);
        expect({ label, status: anonymous.status }).toEqual({ label, status: 200 });
      } else {
        // 401 from admission: the route has an auth level (a route without one answers 500, fail-closed).
        expect({ label, status: anonymous.status }).toEqual({ label, status: 401 });
      }
    }
    expect([...publicSeen].sort()).toEqual([...PUBLIC].sort());
  });
});

describe('odd request targets (LiteLLM GHSA-4xpc-pv4p-pm3w)', () => {
  const targets = [
    '//admin//status',
    '//admin/status',
    '/admin//status',
    '/ADMIN/status',
    '/Admin/Status',
    '/v1/../admin/status',
    '/v1/%2e%2e/admin/status',
    '/%2e%2e/admin/status',
    '/%2E%2E/admin/status',
    '/admin/%73tatus',
    '/admin%2fstatus',
    '/admin/status/',
    '/admin/status;x',
    '/admin/status%00',
    '/./admin/status',
    'http://evil/admin/status',
    'http://127.0.0.1/admin/status',
    '*',
  ];

  it.each(targets)('%s never reaches an admin handler without the admin token', async (target) => {
    for (const method of ['GET', 'POST', 'OPTIONS']) {
      const response = await rawRequest(port, { method, target, host: `127.0.0.1:${port}`, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect({ method, status: response.status }).not.toEqual({ method, status: 200 });
      expect([400, 401, 403, 404, 405]).toContain(response.status);
      expect(response.body).not.toMatch(/"version"|"uptime|"providers"/);
    }
  });

  it('a crafted Host cannot steer the route either', async () => {
    for (const host of ['evil/../admin', `127.0.0.1:${port}/admin`, `127.0.0.1:${port}@evil`]) {
      expect((await rawRequest(port, { target: '/admin/status', host })).status).toBe(403);
    }
  });

  it('the same targets with the admin token still reach nothing but the real route', async () => {
    const auth = { authorization: `Bearer ${h.gateway.adminToken}` };
    expect((await rawRequest(port, { target: '/admin/status', host: `127.0.0.1:${port}`, headers: auth })).status).toBe(200);
    for (const target of ['/ADMIN/status', '/v1/../admin/status', '/%2e%2e/admin/status', '//admin//status']) {
      expect((await rawRequest(port, { target, host: `127.0.0.1:${port}`, headers: auth })).status).toBe(404);
    }
    // Absolute-form: its authority takes precedence over Host (RFC 9112 §3.2.2), so it is checked like one.
    for (const target of ['http://evil/admin/status', `http://evil.example:${port}/admin/status`, 'http://127.0.0.1/admin/status', `https://127.0.0.1:${port}/admin/status`, '*']) {
      const response = await rawRequest(port, { target, host: `127.0.0.1:${port}`, headers: auth });
      expect({ target, status: response.status, code: response.json?.error?.code }).toEqual({ target, status: 403, code: 'host_not_allowed' });
    }
    expect((await rawRequest(port, { target: `http://127.0.0.1:${port}/admin/status`, host: `127.0.0.1:${port}`, headers: auth })).status).toBe(200);
    expect((await rawRequest(port, { target: `http://localhost:${port}/admin/status`, host: `evil.example:${port}`, headers: auth })).status).toBe(403);
  });
});
