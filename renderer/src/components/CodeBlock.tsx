/** Code to paste, with where it goes and a copy button. */
import { CopyButton } from './CopyButton';

export function CodeBlock({ code, location, testId }: { code: string; location: string; testId?: string }) {
  return (
    <figure className="code-block">
      <figcaption className="code-block-head">
        <span>{location}</span>
        <CopyButton value={code} label="Copy" />
      </figcaption>
      <pre data-testid={testId}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}
