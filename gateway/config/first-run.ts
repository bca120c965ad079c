/**
 * The config written on first run, so a new user can start Signalbox with no file at all: commented
 * examples, no secrets. (The first client key is created in the database and shown once by the caller.)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, SCHEMA_FILE_NAME } from './data-dir.js';
import { configJsonSchema } from './json-schema.js';

export interface EnsuredConfig {
  path: string;
  /** The file was just created. */
  created: boolean;
}

/** The data dir's config file, created (0600, dir 0700) if it does not exist. */
export function ensureConfigFile(dataDir: string): EnsuredConfig {
  const path = join(dataDir, CONFIG_FILE_NAME);
  if (existsSync(path)) return { path, created: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(path, firstRunConfig(), { mode: 0o600, flag: 'wx' });
  writeFileSync(join(dataDir, SCHEMA_FILE_NAME), `${JSON.stringify(configJsonSchema(), null, 2)}\n`, { mode: 0o600 });
  return { path, created: true };
}

export function firstRunConfig(): string {
  return `# yaml-language-server: $schema=./config.schema.json
# Signalbox configuration. Full reference: README.md, section "Configuration".
# Secrets are never written here: keys are references such as env:OPENAI_API_KEY.

server:
  host: 127.0.0.1
  port: 6464

providers: {}
#  oai:
#    type: openai                 # openai, openai-compatible, anthropic, gemini, openrouter, groq, mistral,
#    apiKey: env:OPENAI_API_KEY   # deepseek, together, fireworks, xai, ollama, lmstudio, vllm
#  ant:
#    type: anthropic
#    apiKey: env:ANTHROPIC_API_KEY
#  local:
#    type: ollama                 # no key needed; models are discovered
#  groq:
#    type: groq
#    apiKey: env:GROQ_API_KEY
#    models: [llama-3.3-70b-versatile]

# Routes are model names your tools can use; "auto" is the default route (the first one unless
# routing.defaultRoute says otherwise). Strategies: fallback, weighted, cheapest, fastest.
routes: {}
#  fast:
#    strategy: fallback
#    timeoutMs: 30000             # per attempt, until the first byte; then the next target
#    targets:
#      - model: groq/llama-3.3-70b-versatile
#      - model: oai/gpt-4o-mini
#  claude-or-anything:
#    targets: [{ model: ant/claude-sonnet-4-5 }, { model: oai/gpt-4.1 }]

# Client keys (what tools send as "Authorization: Bearer <key>") live in Signalbox's database, hashed:
# create, list and revoke them in the UI or with "signalbox client-keys create|ls|revoke". Keys for
# automation can also be declared here, as references: clientKeys: [{ name: ci, key: env:SIGNALBOX_CI_KEY }]
`;
}
