/**
 * Read-query building: the opaque page cursor (encode/decode), page limits, the filtered keyset-pagination
 * `SELECT` for `listRequests`, and the usage aggregation SQL per grouping. Pure: no database access.
 */
import { GatewayError } from '../../core/errors.js';
import type { RequestQuery, UsageGroup } from '../types.js';

// Cursor: base64url of `${startedAt}:${id}` (the same format as the memory store's).
const invalidCursor = (): GatewayError =>
  new GatewayError('invalid_request', 'Invalid cursor.', { param: 'cursor', code: 'invalid_cursor' });

export const encodeCursor = (startedAt: number, id: string): string => Buffer.from(`${startedAt}:${id}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): { startedAt: number; id: string } {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Canonical only: what we issued (also rejects invalid UTF-8 and padding tricks).
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) throw invalidCursor();
  const colon = text.indexOf(':');
  if (colon <= 0) throw invalidCursor();
  const prefix = text.slice(0, colon);
  const startedAt = Number(prefix);
  if (!Number.isFinite(startedAt) || String(startedAt) !== prefix) throw invalidCursor();
  return { startedAt, id: text.slice(colon + 1) };
}

export const pageLimit = (limit: number): number => (Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 50);

/**
 * The `listRequests` query for one page: newest first, keyset-paginated after the cursor, one row more than
 * `limit` (to tell whether there is a next page). Throws `invalid_request` for a bad cursor.
 */
export function listSql(query: RequestQuery, limit: number): { sql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: limit + 1 };
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    where.push('(started_at, id) < (@cursorAt, @cursorId)');
    params.cursorAt = cursor.startedAt;
    params.cursorId = cursor.id;
  }
  if (query.from !== undefined) {
    where.push('started_at >= @from');
    params.from = query.from;
  }
  if (query.to !== undefined) {
    where.push('started_at < @to');
    params.to = query.to;
  }
  if (query.clientKey !== undefined) {
    where.push('client_key = @clientKey');
    params.clientKey = query.clientKey;
  }
  if (query.provider !== undefined) {
    where.push('provider = @provider');
    params.provider = query.provider;
  }
  if (query.model !== undefined) {
    // The model the client named, or the `provider/upstreamModel` key that usage() groups by.
    where.push(`(model = @model OR (upstream_model IS NOT NULL AND COALESCE(provider, '') || '/' || upstream_model = @model))`);
    params.model = query.model;
  }
  if (query.route !== undefined) {
    where.push('route = @route');
    params.route = query.route;
  }
  if (query.status !== undefined) {
    where.push('status = @status');
    params.status = query.status;
  }
  if (query.endpoint !== undefined) {
    where.push('endpoint = @endpoint');
    params.endpoint = query.endpoint;
  }
  const sql = `SELECT * FROM requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT @limit`;
  return { sql, params };
}

/** SQL for each usage grouping's key (a fixed table: never built from input). */
const USAGE_KEYS: Record<UsageGroup, string> = {
  day: `strftime('%Y-%m-%d', started_at / 1000, 'unixepoch')`,
  hour: `strftime('%Y-%m-%dT%H', started_at / 1000, 'unixepoch')`,
  provider: `COALESCE(provider, '')`,
  model: `CASE WHEN upstream_model IS NULL THEN '' ELSE COALESCE(provider, '') || '/' || upstream_model END`,
  client: `COALESCE(client_key, '')`,
  route: `COALESCE(route, '')`,
};

/** The SQL key expression for a usage grouping; throws `invalid_request` for an unknown one. */
export function usageKey(groupBy: UsageGroup): string {
  if (!Object.hasOwn(USAGE_KEYS, groupBy)) throw new GatewayError('invalid_request', 'Invalid groupBy.', { param: 'groupBy' });
  return USAGE_KEYS[groupBy];
}

/**
 * One pass: rank latencies within each group (a window sort, O(n log n)), then aggregate. Percentiles are
 * nearest-rank: the value at rank ceil(p/100 × n), in integer arithmetic.
 */
export const usageSql = (key: string, split?: string): string => `
  WITH base AS (
    SELECT ${key} AS k, ${split ?? "''"} AS s, latency_ms, status, input_uncached, input_cache_read, input_cache_write, output_text,
      output_reasoning, usage_estimated, cost_total
    FROM requests WHERE started_at >= @from AND started_at < @to
  ), ranked AS (
    SELECT base.*, ROW_NUMBER() OVER (PARTITION BY k, s ORDER BY latency_ms) AS rn, COUNT(*) OVER (PARTITION BY k, s) AS n
    FROM base
  )
  SELECT k AS "key",${split ? ' s AS "split",' : ''}
    COUNT(*) AS requests,
    SUM(CASE WHEN status <> 'ok' THEN 1 ELSE 0 END) AS errors,
    COALESCE(SUM(input_uncached), 0) AS inputUncached,
    COALESCE(SUM(input_cache_read), 0) AS inputCacheRead,
    COALESCE(SUM(input_cache_write), 0) AS inputCacheWrite,
    COALESCE(SUM(output_text), 0) AS outputText,
    COALESCE(SUM(output_reasoning), 0) AS outputReasoning,
    COALESCE(SUM(cost_total), 0) AS costMicros,
    SUM(CASE WHEN input_uncached IS NOT NULL AND cost_total IS NULL THEN 1 ELSE 0 END) AS unpriced,
    SUM(CASE WHEN usage_estimated = 1 THEN 1 ELSE 0 END) AS estimated,
    MAX(CASE WHEN rn = (n * 50 + 99) / 100 THEN latency_ms END) AS p50LatencyMs,
    MAX(CASE WHEN rn = (n * 95 + 99) / 100 THEN latency_ms END) AS p95LatencyMs
  FROM ranked GROUP BY k, s ORDER BY k, s`;
