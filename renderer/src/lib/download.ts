/**
 * Downloads an admin API file (CSV) through the admin client, so it carries the same credentials in the
 * desktop window (Bearer header) as in a browser (cookie), then saves it under the server's file name.
 */
import type { AdminClient } from '../api/admin-client';

/** The file name from a Content-Disposition header, or the fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

export async function downloadFile(client: AdminClient, path: string, fallbackName: string): Promise<void> {
  const response = await client.fetch(path);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
