/**
 * The UI link's token exchange and sign-out. `GET /?token=<admin token>` (the link `signalbox serve`
 * prints) sets the admin session cookie and redirects to `/`, so the token leaves the address bar and
 * history at once; a wrong token gets a 401 page and no cookie. `DELETE /admin/session` ends the session.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../../context.js';
import { clearedSessionCookie, readCookie, sessionCookie, sessionCookieName } from '../admin-session.js';

export function registerAdminSessionRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.routeOptions.url !== '/') return;
    const token = (request.query as Record<string, unknown>).token;
    if (token === undefined) return;
    const port = request.socket.localPort ?? 0;
    const session = typeof token === 'string' ? gateway.adminSessions.exchange(token) : undefined;
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (!session) {
      return reply
        .status(401)
        .type('text/plain; charset=utf-8')
        .send('This Signalbox link is not valid: the admin token changes each time Signalbox starts. Use the link it printed last.');
    }
    return reply.status(303).header('set-cookie', sessionCookie(port, session)).header('location', '/').send();
  });

  app.delete('/admin/session', { config: { auth: 'admin', dialect: 'openai-chat' } }, async (request, reply) => {
    const port = request.socket.localPort ?? 0;
    const session = readCookie(request.headers.cookie, sessionCookieName(port));
    if (session) gateway.adminSessions.end(session);
    return reply.status(204).header('set-cookie', clearedSessionCookie(port)).send();
  });
}
