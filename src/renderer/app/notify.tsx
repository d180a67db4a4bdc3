import type { ReactNode } from 'react';
import { notifications, notificationsStore, type NotificationData } from '@mantine/notifications';
import { Stack, Text } from '@mantine/core';
import { ErrorText } from './CoreText';
import { describeError } from './errors';
import { countdown } from './countdown';
import { IconAlert, IconCheck } from './icons';

let shown = 0;

/** Shows a notification that closes `autoClose` ms after it appears (not after it was queued behind others),
 * pausing only while the pointer rests on it. */
export function showNotice({ autoClose, ...data }: NotificationData & { autoClose: number }): string {
  const id = data.id ?? `notice-${++shown}`;
  const timer = countdown(autoClose, () => notifications.hide(id));
  // Its time starts when it leaves the queue and shows (Mantine's onOpen would reach the DOM as a prop).
  const showing = () => notificationsStore.getState().notifications.some((n) => n.id === id);
  const start = () => {
    if (!showing()) return;
    off();
    timer.run();
  };
  const off = notificationsStore.subscribe(start);
  notifications.show({
    ...data,
    id,
    autoClose: false,
    onClose: () => {
      off();
      timer.stop();
    },
    onPointerEnter: () => timer.pause(),
    onPointerLeave: () => timer.run(),
  });
  start();
  return id;
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
