import type { ReactNode } from 'react';
import { notifications, notificationsStore, type NotificationData } from '@mantine/notifications';
import { Stack, Text } from '@mantine/core';
import { ErrorText } from './CoreText';
import { describeError } from './errors';
import { countdown, type Countdown } from './countdown';
import { IconAlert, IconCheck } from './icons';

let shown = 0;
/** The countdown of each notification that closes by itself, and how to stop listening for it to show. */
const running = new Map<string, { timer: Countdown; off: () => void }>();

/** What a notification shows; autoClose: ms once it shows, or false to stay until it is hidden. */
export type Notice = Omit<NotificationData, 'id' | 'autoClose' | 'onClose' | 'onPointerEnter' | 'onPointerLeave'> & { autoClose: number | false };

function disarm(id: string): void {
  const r = running.get(id);
  r?.off();
  r?.timer.stop();
  running.delete(id);
}

/** Gives a notification its time: it starts when the notification leaves the queue and shows (Mantine's own
 * autoClose starts at once, and starts over after every hover), and pauses while the pointer rests on it. */
function arm(id: string, autoClose: number | false): void {
  disarm(id);
  if (autoClose === false) return;
  const timer = countdown(autoClose, () => notifications.hide(id));
  const start = () => {
    if (!notificationsStore.getState().notifications.some((n) => n.id === id)) return;
    off();
    timer.run();
  };
  // (Mantine's onOpen would reach the DOM as a prop.)
  const off = notificationsStore.subscribe(start);
  running.set(id, { timer, off });
  start();
}

const handlers = (id: string): Pick<NotificationData, 'onClose' | 'onPointerEnter' | 'onPointerLeave'> => ({
  onClose: () => disarm(id),
  onPointerEnter: () => running.get(id)?.timer.pause(),
  onPointerLeave: () => running.get(id)?.timer.run(),
});

/** Shows a notification: every notification of the window goes through here (or updateNotice). */
export function showNotice({ autoClose, ...data }: Notice & { id?: string }): string {
  const id = data.id ?? `notice-${++shown}`;
  notifications.show({ ...data, id, autoClose: false, ...handlers(id) });
  arm(id, autoClose);
  return id;
}

/** Changes a shown notification (progress, then its outcome); a new autoClose counts from now. */
export function updateNotice(id: string, { autoClose, ...data }: Notice): void {
  notifications.update({ ...data, id, autoClose: false, ...handlers(id) });
  arm(id, autoClose);
}

export function hideNotice(id: string): void {
  notifications.hide(id);
}

/** Shows a failure as a readable notification: title, the specific message, and what to do. */
export function notifyError(err: unknown): void {
  const e = describeError(err);
  if (e.code === 'CANCELLED') return;
  showNotice({
    color: 'red',
    icon: <IconAlert size={16} />,
    title: e.title,
    autoClose: 9000,
    message: (
      <Stack gap={2}>
        {(e.message.length > 0 || e.original) && (
          <Text size="sm">
            <ErrorText error={e} />
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {e.advice}
        </Text>
      </Stack>
    ),
  });
}

export function notifyDone(title: ReactNode, message?: string): void {
  showNotice({ color: 'teal', icon: <IconCheck size={16} />, title, message: message ?? '', autoClose: 5000 });
}

/** Runs an action from a button, showing its failure instead of throwing it. */
export async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    notifyError(err);
    return undefined;
  }
}
