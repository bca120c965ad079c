import { describe, expect, it } from 'vitest';
import { describeValue, diffPatch, fieldFor, fieldForError, FIELDS, formFrom, outcomeOf, parseFormValue, rebaseForm, sectionsFrom, type SettingEntry } from './settings-model';

const LIST: SettingEntry[] = [
  { path: 'ledger.costInResponses', value: true, live: true },
  { path: 'ledger.costHeader', value: true, live: true },
  { path: 'ledger.retentionDays', value: 90, live: true },
  { path: 'traces.bodies', value: false, live: true },
  { path: 'traces.maxBodyBytes', value: 65_536, live: true },
  { path: 'traces.retentionDays', value: 7, live: true },
  { path: 'server.host', value: '127.0.0.1', live: false },
  { path: 'server.port', value: 6464, live: false },
  { path: 'server.allowRemote', value: false, live: false },
  { path: 'server.allowedHosts', value: [], live: false },
  { path: 'server.allowedOrigins', value: [], live: false },
  { path: 'logging.level', value: 'info', live: false, nextStart: 'debug' },
  { path: 'logging.requests', value: true, live: false },
  { path: 'logging.file.enabled', value: null, live: false },
  { path: 'logging.file.maxSizeMb', value: 10, live: false },
  { path: 'logging.file.keep', value: 5, live: false },
  { path: 'otel.enabled', value: null, live: false },
  { path: 'otel.endpoint', value: null, live: false },
  { path: 'otel.serviceName', value: null, live: false },
  { path: 'otel.sampleRatio', value: null, live: false },
  { path: 'metrics.enabled', value: true, live: false },
  { path: 'some.future.setting', value: 1, live: true },
];

describe('sections', () => {
  it('groups every listed setting into its section in order, leaving unknown paths out', () => {
    const groups = sectionsFrom(LIST);
    expect(groups.map((group) => group.section.title)).toEqual(['Gateway', 'Data & privacy', 'Logs', 'Telemetry']);
    expect(groups.flatMap((group) => group.fields.map((field) => field.def.path)).sort()).toEqual(LIST.slice(0, -1).map((entry) => entry.path).sort());
    expect(groups[1]?.fields[0]).toMatchObject({ def: { label: 'Keep request and response bodies' }, entry: { live: true } });
  });

  it('covers exactly the settings the gateway lets the UI change', () => {
    expect(FIELDS).toHaveLength(21);
    expect(sectionsFrom([{ path: 'traces.bodies', value: true, live: true }])).toHaveLength(1);
  });
});

describe('form values', () => {
  it('starts from the value saved for the next start, else the current one', () => {
    const form = formFrom(LIST);
    expect(form['logging.level']).toBe('debug');
    expect(form['traces.maxBodyBytes']).toBe('64');
    expect(form['server.allowedHosts']).toBe('');
    expect(form['otel.endpoint']).toBe('');
    expect(form['logging.file.enabled']).toBeNull();
    expect(form['some.future.setting']).toBeUndefined();
  });

  it('parses and checks values like the gateway schemas', () => {
    const def = (path: string) => fieldFor(path)!;
    expect(parseFormValue(def('traces.maxBodyBytes'), '128')).toEqual({ value: 131_072 });
    expect(parseFormValue(def('traces.maxBodyBytes'), '0.5')).toEqual({ error: 'Must be between 1 and 16,384 KB.' });
    expect(parseFormValue(def('server.port'), '64.5')).toEqual({ error: 'Must be a whole number.' });
    expect(parseFormValue(def('server.port'), '')).toEqual({ error: 'Required.' });
    expect(parseFormValue(def('otel.sampleRatio'), '')).toEqual({ value: null });
    expect(parseFormValue(def('otel.sampleRatio'), '0.25')).toEqual({ value: 0.25 });
    expect(parseFormValue(def('otel.endpoint'), 'ftp://x')).toEqual({ error: 'Must be an http(s) URL.' });
    expect(parseFormValue(def('server.allowedHosts'), '192.168.1.2:6464, \n box.local:6464\n')).toEqual({ value: ['192.168.1.2:6464', 'box.local:6464'] });
    expect(parseFormValue(def('server.allowedHosts'), 'nope')).toMatchObject({ error: expect.stringContaining('host:port') });
    expect(parseFormValue(def('server.allowedOrigins'), 'http://localhost:5173/path')).toMatchObject({ error: expect.stringContaining('origin') });
  });
});

describe('patch', () => {
  it('is empty for an untouched form, even with invalid saved values', () => {
    expect(diffPatch(LIST, formFrom(LIST))).toEqual({ patch: {}, changed: [], errors: {} });
  });

  it('sends only the changed fields, nested by path', () => {
    const form = { ...formFrom(LIST), 'traces.bodies': true, 'logging.level': 'warn', 'traces.maxBodyBytes': '128', 'server.allowedHosts': 'box.local:6464' };
    expect(diffPatch(LIST, form)).toEqual({
      patch: { traces: { bodies: true, maxBodyBytes: 131_072 }, logging: { level: 'warn' }, server: { allowedHosts: ['box.local:6464'] } },
      changed: ['traces.bodies', 'traces.maxBodyBytes', 'server.allowedHosts', 'logging.level'],
      errors: {},
    });
  });

  it('treats an edit back to the saved value, or an equivalent spelling, as no change', () => {
    expect(diffPatch(LIST, { ...formFrom(LIST), 'server.port': '6464.0', 'traces.retentionDays': ' 7 ' }).changed).toEqual([]);
  });

  it('resets a cleared optional field to its default (null) and reports invalid changed fields by path', () => {
    const list: SettingEntry[] = [{ path: 'otel.endpoint', value: 'http://collector:4318', live: false }, ...LIST.filter((entry) => entry.path !== 'otel.endpoint')];
    const result = diffPatch(list, { ...formFrom(list), 'otel.endpoint': '', 'traces.maxBodyBytes': '0.1', 'server.port': 'abc' });
    expect(result.patch).toEqual({ otel: { endpoint: null } });
    expect(result.errors).toEqual({ 'traces.maxBodyBytes': 'Must be between 1 and 16,384 KB.', 'server.port': 'Must be a number.' });
  });

  it('sets a toggle that was unset', () => {
    expect(diffPatch(LIST, { ...formFrom(LIST), 'logging.file.enabled': false }).patch).toEqual({ logging: { file: { enabled: false } } });
  });
});

describe('errors and outcomes', () => {
  it('maps an error path to its field', () => {
    expect(fieldForError('traces.maxBodyBytes')).toBe('traces.maxBodyBytes');
    expect(fieldForError('server.allowedHosts.0')).toBe('server.allowedHosts');
    expect(fieldForError('logging.file.keep')).toBe('logging.file.keep');
    expect(fieldForError('providers.x.type')).toBeUndefined();
    expect(fieldForError(null)).toBeUndefined();
  });

  it('says which paths were applied and which wait for a restart', () => {
    expect(outcomeOf({ applied: ['traces.bodies'], restartRequired: ['logging.level'] })).toEqual({ 'traces.bodies': 'applied', 'logging.level': 'restart' });
  });

  it('describes values for the next-start note', () => {
    expect(describeValue(fieldFor('logging.level'), 'debug')).toBe('debug');
    expect(describeValue(fieldFor('traces.maxBodyBytes'), 131_072)).toBe('128 KB');
    expect(describeValue(fieldFor('server.allowRemote'), true)).toBe('on');
    expect(describeValue(fieldFor('server.allowedHosts'), [])).toBe('none');
    expect(describeValue(fieldFor('otel.endpoint'), null)).toBe('default');
  });
});

describe('rebasing the form on a fresh list', () => {
  it('takes the new values of untouched fields and keeps unsaved edits', () => {
    const after = LIST.map((entry) => (entry.path === 'ledger.retentionDays' ? { ...entry, value: 30 } : entry.path === 'traces.bodies' ? { ...entry, value: true } : entry));
    const edited = { ...formFrom(LIST), 'traces.retentionDays': '14' };
    const next = rebaseForm(LIST, after, edited);
    expect(next['ledger.retentionDays']).toBe('30');
    expect(next['traces.bodies']).toBe(true);
    expect(next['traces.retentionDays']).toBe('14');
    expect(rebaseForm(LIST, LIST, formFrom(LIST))).toEqual(formFrom(LIST));
  });
});
