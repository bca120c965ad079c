/**
 * "Always use port N": writes `server.port` to the config file through the gateway's config editor
 * (validated as a whole config, written atomically, comments kept; refused if the file was hand-edited
 * since it was loaded). The running gateway already listens on N; the file makes it stick.
 */
import type { ConfigEditor } from '../gateway/config/config-edit.js';
import type { Config } from '../gateway/config/schema.js';

export function savePortToConfig(editor: Pick<ConfigEditor, 'commit'>, config: Config, port: number): boolean {
  const candidate = { ...config, server: { ...config.server, port } };
  return editor.commit(candidate, [{ path: ['server', 'port'], value: port }]).persisted;
}
