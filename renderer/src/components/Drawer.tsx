/**
 * A panel that slides over the right of the page (trace detail), on Radix Dialog: focus is trapped and
 * restored, Esc and a click outside close it. No Radix Overlay: it locks scrolling by injecting a <style>
 * element, which the UI's CSP (style-src 'self') refuses; a plain backdrop does the visual part.
 */
import { Dialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { Icon } from './Icon';

export function Drawer({ open, onClose, title, description, children, actions }: { open: boolean; onClose(): void; title: ReactNode; description?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <div className="backdrop" aria-hidden="true" />
        <Dialog.Content className="drawer" aria-describedby={undefined}>
          <header className="drawer-head">
            <div className="drawer-title">
              <Dialog.Title>{title}</Dialog.Title>
              {description && <div className="drawer-description">{description}</div>}
            </div>
            <div className="drawer-actions">
              {actions}
              <Dialog.Close className="button button-icon" aria-label="Close">
                <Icon name="x" />
              </Dialog.Close>
            </div>
          </header>
          <div className="drawer-body">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
