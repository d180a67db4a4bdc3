import { Button, Stack, Text, Title } from '@mantine/core';
import { useStrings } from '../i18n';
import { appStrings } from './i18n';
import { IconPlus, Logo } from './icons';
import { useShellUi } from './ui-store';

/** The first screen, before any dataset exists. */
export function Welcome() {
  const t = useStrings(appStrings);
  return (
    <div className="page-empty">
      <Stack align="center" gap="sm" maw={420}>
        <Logo size={44} />
        <Title order={2} c="var(--mantine-color-text)">
          {t.welcomeTitle}
        </Title>
        <Text size="sm">{t.welcomeBody}</Text>
        <Button leftSection={<IconPlus size={14} />} size="sm" onClick={() => useShellUi.getState().openDatasetDialog({ kind: 'create' })} data-testid="welcome-new-dataset">
          {t.newDataset}
        </Button>
        <Text size="xs" c="dimmed">
          {t.welcomeDrop}
        </Text>
      </Stack>
    </div>
  );
}
