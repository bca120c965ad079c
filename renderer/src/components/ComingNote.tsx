/** Says plainly what a page cannot do yet and how to do it meanwhile. */
import type { ReactNode } from 'react';
import { Icon } from './Icon';

export function ComingNote({ children }: { children: ReactNode }) {
  return (
    <div className="callout coming-note">
      <Icon name="info" />
      <div>{children}</div>
    </div>
  );
}
