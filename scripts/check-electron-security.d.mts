// Types for scripts/check-electron-security.mjs (imported by test/electron/security-source.test.ts).
export interface SecurityRule {
  id: string;
  pattern: RegExp;
  why: string;
}
export interface SecurityFinding {
  file: string;
  line: number;
  rule: string;
  why: string;
  text: string;
}
export const DEFAULT_PATHS: string[];
export const RULES: SecurityRule[];
export function checkElectronSecurity(options?: { root?: string; paths?: string[] }): { findings: SecurityFinding[]; scanned: string[] };
