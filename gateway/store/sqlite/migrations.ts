/**
 * Numbered schema migrations. Append only: a released migration is never edited, a new one is added.
 * `schema_version` holds the number of the last applied migration.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the request ledger (no prompt or completion text, no credentials)
  `CREATE TABLE requests (
     id TEXT PRIMARY KEY,
     started_at INTEGER NOT NULL,
     client_key TEXT,
     endpoint TEXT NOT NULL,
     model TEXT NOT NULL,
     provider TEXT,
     upstream_model TEXT,
     stream INTEGER NOT NULL,
     status TEXT NOT NULL,
     http_status INTEGER NOT NULL,
     error_kind TEXT,
     attempts INTEGER NOT NULL,
     latency_ms INTEGER NOT NULL,
     first_byte_ms INTEGER,
     input_uncached INTEGER,
     input_cache_read INTEGER,
     input_cache_write INTEGER,
     output_text INTEGER,
     output_reasoning INTEGER
   );
   CREATE INDEX requests_started_at ON requests (started_at);`,
  // 2: routing — the route a request named, and every upstream attempt it made
  `ALTER TABLE requests ADD COLUMN route TEXT;
   CREATE TABLE attempts (
     request_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     model TEXT NOT NULL,
     provider TEXT NOT NULL,
     upstream_model TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     latency_ms INTEGER NOT NULL,
     outcome TEXT NOT NULL,
     error_kind TEXT,
     upstream_status INTEGER,
     decision TEXT,
     why TEXT,
     wait_ms INTEGER,
     PRIMARY KEY (request_id, seq)
   ) WITHOUT ROWID;`,
  // 3: the ledger — provider time, estimated usage, cost (integer micro-USD; NULL = unknown, never a silent 0),
  // and indexes for the admin queries (keyset pagination by (started_at, id), filters by client and provider;
  // both carry cost_total so a spend (budget) check is an index-only scan)
  `ALTER TABLE requests ADD COLUMN upstream_ms INTEGER;
   ALTER TABLE requests ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE requests ADD COLUMN cost_input INTEGER;
   ALTER TABLE requests ADD COLUMN cost_cache_read INTEGER;
   ALTER TABLE requests ADD COLUMN cost_cache_write INTEGER;
   ALTER TABLE requests ADD COLUMN cost_output INTEGER;
   ALTER TABLE requests ADD COLUMN cost_total INTEGER;
   DROP INDEX requests_started_at;
   CREATE INDEX requests_started_id ON requests (started_at, id, cost_total);
   CREATE INDEX requests_client_started ON requests (client_key, started_at, cost_total);
   CREATE INDEX requests_provider_started ON requests (provider, started_at);`,
  // 4: client keys — a salted SHA-256 of each key's secret, never the key; a name is unique among live keys
  `CREATE TABLE client_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     salt BLOB NOT NULL,
     hash BLOB NOT NULL,
     hint TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER,
     last_used_at INTEGER,
     models TEXT,
     limits TEXT
   );
   CREATE UNIQUE INDEX client_keys_live_name ON client_keys (name) WHERE revoked_at IS NULL;`,
  // 5: retained trace bodies (opt-in `traces.bodies`): redacted and capped before they get here; pruned by
  // `traces.retentionDays`. One row per request id + kind (request | upstream | response) + attempt n.
  `CREATE TABLE trace_bodies (
     request_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     at INTEGER NOT NULL,
     content_type TEXT NOT NULL,
     body TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     truncated INTEGER NOT NULL,
     PRIMARY KEY (request_id, kind, attempt)
   );
   CREATE INDEX trace_bodies_at ON trace_bodies (at);`,
  // 6: how generation ended, per choice: unified finish reasons joined by commas (`stop`, `tool-calls,stop`); NULL = none
  `ALTER TABLE requests ADD COLUMN finish_reasons TEXT;`,
];
