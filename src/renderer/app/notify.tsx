import { notifications } from '@mantine/notifications';
import { Stack, Text } from '@mantine/core';
import { describeError } from './errors';
import { IconAlert, IconCheck } from './icons';

/** Shows a failure as a readable notification: title, the specific message, and what to do. */
export function notifyError(err: unknown): void {
  const e = describeError(err);
  if (e.code === 'CANCELLED') return;
  notifications.show({
    color: 'red',
    icon: <IconAlert size={16} />,
    title: e.title,
    autoClose: 9000,
    message: (
      <Stack gap={2}>
        {e.message && (
          <Text size="sm" translate="no">
            {e.message}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {e.advice}
        </Text>
      </Stack>
    ),
  });
}

export function notifyDone(title: string, message?: string): void {
  notifications.show({ color: 'teal', icon: <IconCheck size={16} />, title, message: message ?? '', autoClose: 5000 });
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
