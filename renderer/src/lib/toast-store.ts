/** Toast messages ("Key revoked"), as a tiny store any code can push to; the Toaster renders them. */
export interface ToastMessage {
  id: number;
  title: string;
  detail?: string;
  tone: 'ok' | 'bad' | 'info';
}

type Listener = (toasts: ToastMessage[]) => void;

let toasts: ToastMessage[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const emit = () => listeners.forEach((listener) => listener(toasts));

export function toast(title: string, options: { detail?: string; tone?: ToastMessage['tone'] } = {}): void {
  toasts = [...toasts.slice(-3), { id: nextId++, title, tone: options.tone ?? 'ok', ...(options.detail ? { detail: options.detail } : {}) }];
  emit();
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((message) => message.id !== id);
  emit();
}

export function subscribeToasts(listener: Listener): () => void {
  listeners.add(listener);
  listener(toasts);
  return () => void listeners.delete(listener);
}
