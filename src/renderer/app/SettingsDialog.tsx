import { Button, Code, CopyButton, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { Settings } from '../../shared/contract';
import { useStrings } from '../i18n';
import { appStrings } from './i18n';
import { attempt } from './notify';
import { useApp, useStudio } from './studio-context';

/** Theme, language and where the data lives. Each choice applies (and is saved) at once. */
export function SettingsDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { app } = useStudio();
  const t = useStrings(appStrings);
  const settings = useApp((s) => s.settings);
  const info = useApp((s) => s.info);
  const update = (patch: Partial<Settings>) => void attempt(() => app.getState().updateSettings(patch));

  return (
    <Modal opened={opened} onClose={onClose} title={t.settings} size="md">
      <Stack gap="md">
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t.theme}
          </Text>
          <SegmentedControl
            value={settings?.theme ?? 'system'}
            onChange={(v) => update({ theme: v as Settings['theme'] })}
            data={[
              { value: 'system', label: t.themeSystem },
              { value: 'light', label: t.themeLight },
              { value: 'dark', label: t.themeDark },
            ]}
            data-testid="settings-theme"
          />
        </div>
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t.language}
          </Text>
          {/* Each language is named in itself, so anyone can find theirs. */}
          <SegmentedControl
            value={settings?.language ?? 'en'}
            onChange={(v) => update({ language: v as Settings['language'] })}
            data={[
              { value: 'en', label: <span translate="no">English</span> },
              { value: 'zh-CN', label: <span translate="no">简体中文</span> },
            ]}
            data-testid="settings-language"
          />
        </div>
        <div>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput label={t.dataFolder} value={info?.dataDir ?? ''} readOnly style={{ flex: 1 }} translate="no" data-testid="settings-data-dir" />
            <CopyButton value={info?.dataDir ?? ''}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? t.copied : t.copy}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t.dataFolderHint} {t.dataFolderOther}{' '}
            <Code translate="no">--data FOLDER</Code>
          </Text>
        </div>
        <Text size="xs" c="dimmed">
          {t.version} <span translate="no">{info?.version}</span>
        </Text>
      </Stack>
    </Modal>
  );
}
