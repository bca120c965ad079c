/**
 * Config for the ledger: how long requests are kept, whether costs are shown to clients, and budgets and
 * rate limits (globally and per client key), enforced before any upstream call.
 */
import { z } from 'zod';

export const LimitSet = z
  .strictObject({
    requestsPerMinute: z.int().min(1).max(1_000_000).optional(),
    tokensPerMinute: z.int().min(1).max(1_000_000_000).optional().meta({ description: 'Input + output tokens of requests in the last minute.' }),
    usdPerDay: z.number().positive().max(1_000_000).optional().meta({ description: 'Spend per UTC day, in USD.' }),
    usdPerMonth: z.number().positive().max(10_000_000).optional().meta({ description: 'Spend per UTC calendar month, in USD.' }),
  })
  .meta({ description: 'Limits; any left out is unlimited.' });

export const LimitsConfig = z.strictObject({
  global: LimitSet.default({}),
  /** Per client key, by its name in `clientKeys`. */
  clients: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be a client key name'), LimitSet).default({}),
  warnAt: z.number().gt(0).max(1).default(0.8).meta({ description: 'Share of a budget at which a warning is raised (once per period).' }),
});

export const LedgerConfig = z.strictObject({
  retentionDays: z.int().min(1).max(36_500).default(90).meta({ description: 'Requests older than this are deleted (checked daily).' }),
  costInResponses: z.boolean().default(true).meta({
    description: 'Add `cost` and `latency` objects to non-streamed OpenAI-dialect responses (off for strict clients).',
  }),
  costHeader: z.boolean().default(true).meta({ description: 'Send `x-signalbox-cost-usd` on responses (a trailer on streams).' }),
});

export type LimitSet = z.output<typeof LimitSet>;
export type LimitsConfig = z.output<typeof LimitsConfig>;
export type LedgerConfig = z.output<typeof LedgerConfig>;
