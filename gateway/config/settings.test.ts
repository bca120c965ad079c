import { describe, expect, it } from 'vitest';
import { validateConfig } from './load.js';
import { flattenPatch, isLiveSetting, settingValue, withSettings } from './settings.js';

describe('settings', () => {
  it('flattens a nested patch into editable paths and refuses the rest', () => {
    expect(flattenPatch({ traces: { bodies: true }, server: { allowedOrigins: ['http://a'] }, logging: { file: { keep: 3 } } })).toEqual({
      changes: [
        { path: 'traces.bodies', value: true },
        { path: 'server.allowedOrigins', value: ['http://a'] },
        { path: 'logging.file.keep', value: 3 },
      ],
      refused: [],
    });
    expect(flattenPatch({ providers: { x: 1 }, traces: { live: { heartbeatMs: 5 } }, nope: 1 }).refused).toEqual(['providers.x', 'traces.live.heartbeatMs', 'nope']);
    expect(isLiveSetting('traces.bodies')).toBe(true);
    expect(isLiveSetting('server.port')).toBe(false);
  });

  it('builds a candidate without touching the running config; null removes a setting', () => {
    const config = validateConfig({ otel: { endpoint: 'http://127.0.0.1:4318' } }, 'test');
    const candidate = withSettings(config, [
      { path: 'traces.bodies', value: true },
      { path: 'otel.endpoint', value: null },
    ]);
    expect(settingValue(config, 'traces.bodies')).toBe(false);
    expect((candidate.traces as { bodies: boolean }).bodies).toBe(true);
    expect((candidate.otel as Record<string, unknown>).endpoint).toBeUndefined();
    expect(settingValue(config, 'otel.endpoint')).toBe('http://127.0.0.1:4318');
  });
});
