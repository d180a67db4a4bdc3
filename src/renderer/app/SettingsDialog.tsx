import { Button, Code, CopyButton, Divider, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { SettingsPatch } from '../../shared/contract';
import { useStrings } from '../i18n';
import { appStrings } from './i18n';
import { NetworkSettings } from './NetworkSettings';
import { attempt } from './notify';
import { useApp, useStudio } from './studio-context';

/** Theme, language, Hugging Face access, private mode, and where the data lives. Each choice applies (and is
 * saved) at once. */
export function SettingsDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { app } = useStudio();
  const t = useStrings(appStrings);
  const settings = useApp((s) => s.settings);
  const update = (patch: SettingsPatch) => attempt(() => app.getState().updateSettings(patch));

  return (
    <Modal opened={opened} onClose={onClose} title={t.settings} size="lg">
      <Stack gap="md">
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t.theme}
          </Text>
          <SegmentedControl
            value={settings?.theme ?? 'system'}
            onChange={(v) => void update({ theme: v as 'system' | 'light' | 'dark' })}
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
            onChange={(v) => void update({ language: v as 'en' | 'zh-CN' })}
            data={[
              { value: 'en', label: <span translate="no">English</span> },
              { value: 'zh-CN', label: <span translate="no">简体中文</span> },
            ]}
            data-testid="settings-language"
          />
        </div>
        <Divider />
        {settings && <NetworkSettings settings={settings} update={update} />}
        <Divider />
        <DataFolder />
      </Stack>
    </Modal>
  );
}

/** Where the data lives; in the Electron window it can be changed (the app restarts on the new folder), in a
 * browser the host was started on it, so the dialog says how to start it on another. */
function DataFolder() {
  const { conn } = useStudio();
  const t = useStrings(appStrings);
  const info = useApp((s) => s.info);
  const dir = info?.dataDir ?? '';
  const choose = conn.chooseDataFolder;

  return (
    <div>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput label={t.dataFolder} description={t.dataFolderHint} value={dir} readOnly style={{ flex: 1 }} translate="no" data-testid="settings-data-dir" />
        <CopyButton value={dir}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t.copied : t.copy}
            </Button>
          )}
        </CopyButton>
      </Group>
      {choose ? (
        <Group gap="xs" mt={6} wrap="nowrap">
          <Button variant="default" onClick={() => void attempt(() => choose())} data-testid="settings-data-dir-change">
            {t.dataFolderChange}
          </Button>
          <Text size="xs" c="dimmed">
            {t.dataFolderRestart}
          </Text>
        </Group>
      ) : (
        <Text size="xs" c="dimmed" mt={6} data-testid="settings-data-dir-how">
          {t.dataFolderOther}{' '}
          <Code>
            <span translate="no">--data</span> {t.folderArgument}
          </Code>
          {t.dataFolderOtherEnd}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        {t.version} <span translate="no">{info?.version}</span>
      </Text>
    </div>
  );
}
