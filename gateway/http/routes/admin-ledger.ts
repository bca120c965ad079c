/**
 * The ledger in the admin API: `GET /admin/usage` (sums by day, hour, provider, model, client key or route,
 * with p50/p95 latency), `GET /admin/requests` (newest first, filtered, cursor-paginated, with attempts),
 * `GET /admin/requests/:id`, each as JSON or CSV (`format=csv`), and `GET /admin/limits` (budgets and rate
 * limits: used, max, when they reset, warnings raised).
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { usdString } from '../../accounting/cost.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../core/errors.js';
import { validateRequest } from '../../dialects/validation.js';
import type { RequestRecord, UsageRow } from '../../store/types.js';

const DAY_MS = 86_400_000;

/** A time as epoch milliseconds or an ISO 8601 date/time. */
const Instant = z.union([
  z.coerce.number().int().min(0),
  z.iso.datetime({ offset: true }).transform((value) => Date.parse(value)),
  z.iso.date().transform((value) => Date.parse(`${value}T00:00:00Z`)),
]);

const Format = z.enum(['json', 'csv']).default('json');

const UsageQuery = z.object({
  from: Instant.optional(),
  to: Instant.optional(),
  groupBy: z.enum(['day', 'hour', 'provider', 'model', 'client', 'route']).default('day'),
  /** A second dimension, e.g. `groupBy=day&splitBy=provider` for a stacked chart. */
  splitBy: z.enum(['day', 'hour', 'provider', 'model', 'client', 'route']).optional(),
  format: Format,
});

const RequestsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  client: z.string().max(64).optional(),
  provider: z.string().max(64).optional(),
  model: z.string().max(256).optional(),
  route: z.string().max(64).optional(),
  endpoint: z.enum(['openai-chat', 'openai-responses', 'anthropic-messages', 'openai-embeddings']).optional(),
  status: z.enum(['ok', 'error', 'cancelled']).optional(),
  format: Format,
});

const RequestParams = z.object({ id: z.string().min(1).max(64) });

function sendCsv(reply: FastifyReply, name: string, rows: Array<Record<string, unknown>>, columns: string[]): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(stringify(rows, { header: true, columns, cast: { boolean: (value) => (value ? 'true' : 'false') } }));
}

function usageJson(row: UsageRow): Record<string, unknown> {
  return { ...row, costUsd: usdString(row.costMicros) };
}

const REQUEST_COLUMNS = [
  'id', 'startedAt', 'clientKey', 'endpoint', 'model', 'route', 'provider', 'upstreamModel', 'stream', 'status', 'httpStatus',
  'errorKind', 'attempts', 'latencyMs', 'firstByteMs', 'upstreamMs', 'inputUncached', 'inputCacheRead', 'inputCacheWrite',
  'outputText', 'outputReasoning', 'usageEstimated', 'costUsd', 'finishReasons',
];

function requestCsvRow(record: RequestRecord): Record<string, unknown> {
  return {
    ...record,
    startedAt: new Date(record.startedAt).toISOString(),
    ...(record.usage ?? {}),
    costUsd: record.cost ? usdString(record.cost.totalMicros) : '',
    finishReasons: record.finishReasons.join(' '),
  };
}

export function registerAdminLedgerRoutes(app: FastifyInstance, gateway: GatewayContext): void {
  const admin = { config: { auth: 'admin' as const, dialect: 'openai-chat' as const } };

  app.get('/admin/usage', admin, async (request, reply) => {
    const query = validateRequest(UsageQuery, request.query);
    const to = query.to ?? gateway.clock();
    const from = query.from ?? to - 7 * DAY_MS;
    if (from >= to) throw new GatewayError('invalid_request', '`from` must be before `to`.', { param: 'from', code: 'invalid_value' });
    if (query.splitBy === query.groupBy) throw new GatewayError('invalid_request', '`splitBy` must differ from `groupBy`.', { param: 'splitBy', code: 'invalid_value' });
    const rows = gateway.store.usage({ from, to, groupBy: query.groupBy, ...(query.splitBy ? { splitBy: query.splitBy } : {}) });
    if (query.format === 'csv') {
      return sendCsv(reply, `signalbox-usage-${query.groupBy}${query.splitBy ? `-${query.splitBy}` : ''}`, rows.map(usageJson), [
        'key', ...(query.splitBy ? ['split'] : []), 'requests', 'errors', 'inputUncached', 'inputCacheRead', 'inputCacheWrite', 'outputText', 'outputReasoning',
        'costUsd', 'unpriced', 'estimated', 'p50LatencyMs', 'p95LatencyMs',
      ]);
    }
    const total = rows.reduce((sum, row) => sum + row.costMicros, 0);
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      groupBy: query.groupBy,
      splitBy: query.splitBy ?? null,
      totalCostUsd: usdString(total),
      data: rows.map(usageJson),
    };
  });

  app.get('/admin/requests', admin, async (request, reply) => {
    const query = validateRequest(RequestsQuery, request.query);
    const page = gateway.store.listRequests({
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
      ...(query.client === undefined ? {} : { clientKey: query.client }),
      ...(query.provider === undefined ? {} : { provider: query.provider }),
      ...(query.model === undefined ? {} : { model: query.model }),
      ...(query.route === undefined ? {} : { route: query.route }),
      ...(query.endpoint === undefined ? {} : { endpoint: query.endpoint }),
      ...(query.status === undefined ? {} : { status: query.status }),
    });
    if (query.format === 'csv') return sendCsv(reply, 'signalbox-requests', page.data.map(requestCsvRow), REQUEST_COLUMNS);
    return page;
  });

  app.get('/admin/limits', admin, async () => ({ ...gateway.limits.status(gateway.clock()), warnings: gateway.limits.warnings() }));

  app.get('/admin/requests/:id', admin, async (request) => {
    const { id } = validateRequest(RequestParams, request.params);
    const record = gateway.store.request(id);
    if (!record) throw new GatewayError('not_found', `No request with id '${id}' is recorded.`, { code: 'not_found' });
    return record;
  });
}
