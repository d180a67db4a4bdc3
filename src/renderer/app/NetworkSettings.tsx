import { useEffect, useState } from 'react';
import { Alert, Button, Code, Group, Input, Switch, Text, TextInput } from '@mantine/core';
import { DEFAULT_HF_ENDPOINT, isHttpUrl, type SettingsPatch, type SettingsView } from '../../shared/contract';
import { isLoopbackUrl } from '../../shared/loopback';
import { useStrings } from '../i18n';
import { appStrings } from './i18n';

interface Props {
  settings: SettingsView;
  update(patch: SettingsPatch): Promise<unknown>;
}

/** The Hugging Face token and endpoint (mirror), and private mode. The saved token never comes back from the
 * core: only a hint that one is saved, which can be replaced or cleared. */
export function NetworkSettings({ settings, update }: Props) {
  return (
    <>
      <TokenField hint={settings.hfTokenHint} update={update} />
      <EndpointField saved={settings.hfEndpoint} inEffect={settings.hfEndpointInEffect} update={update} />
      <PrivateModeField settings={settings} update={update} />
    </>
  );
}

function TokenField({ hint, update }: { hint: string | null; update: Props['update'] }) {
  const t = useStrings(appStrings);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const open = editing || hint === null;
  const save = async () => {
    await update({ hfToken: value });
    setValue('');
    setEditing(false);
  };

  return (
    <Input.Wrapper label={t.hfToken} description={t.hfTokenHelp} inputWrapperOrder={['label', 'description', 'input']}>
      {!open && (
        <Group gap="xs" mt={4} data-testid="settings-hf-token-state">
          <Text size="sm">
            {t.hfTokenSaved} <Code translate="no">{hint}</Code>
          </Text>
          <Button variant="default" onClick={() => setEditing(true)} data-testid="settings-hf-token-replace">
            {t.replace}
          </Button>
          <Button variant="subtle" color="red" onClick={() => void update({ hfToken: '' })} data-testid="settings-hf-token-clear">
            {t.clear}
          </Button>
        </Group>
      )}
      {open && (
        <Group gap="xs" mt={4} wrap="nowrap">
          <TextInput
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && value.trim() && void save()}
            placeholder={hint === null ? t.hfTokenNone : t.hfTokenPaste}
            aria-label={t.hfToken}
            style={{ flex: 1 }}
            translate="no"
            data-testid="settings-hf-token-input"
          />
          <Button onClick={() => void save()} disabled={!value.trim()} data-testid="settings-hf-token-save">
            {t.save}
          </Button>
          {hint !== null && (
            <Button variant="default" onClick={() => (setValue(''), setEditing(false))}>
              {t.cancel}
            </Button>
          )}
        </Group>
      )}
    </Input.Wrapper>
  );
}

function EndpointField({ saved, inEffect, update }: { saved: string; inEffect: string; update: Props['update'] }) {
  const t = useStrings(appStrings);
  const [value, setValue] = useState(saved);
  useEffect(() => setValue(saved), [saved]);
  const valid = isHttpUrl(value);
  const changed = value.trim() !== saved;

  const invalid = value.trim() !== '' && !valid;
  return (
    <Input.Wrapper label={t.hfEndpoint} description={t.hfEndpointHelp} error={invalid && t.hfEndpointInvalid} inputWrapperOrder={['label', 'description', 'input', 'error']}>
      <Group gap="xs" mt={4} wrap="nowrap">
        <TextInput
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && valid && changed && void update({ hfEndpoint: value })}
          error={invalid}
          aria-label={t.hfEndpoint}
          style={{ flex: 1 }}
          translate="no"
          data-testid="settings-hf-endpoint"
        />
        <Button onClick={() => void update({ hfEndpoint: value })} disabled={!valid || !changed} data-testid="settings-hf-endpoint-save">
          {t.save}
        </Button>
        {saved !== DEFAULT_HF_ENDPOINT && (
          <Button variant="subtle" onClick={() => void update({ hfEndpoint: DEFAULT_HF_ENDPOINT })} data-testid="settings-hf-endpoint-reset">
            {t.hfEndpointReset}
          </Button>
        )}
      </Group>
      {inEffect !== saved && (
        <Text size="xs" c="dimmed" mt={4} data-testid="settings-hf-endpoint-env">
          {t.hfEndpointFromEnv}{' '}
          <Code translate="no">{inEffect}</Code>
        </Text>
      )}
    </Input.Wrapper>
  );
}

function PrivateModeField({ settings, update }: Props) {
  const t = useStrings(appStrings);
  // The endpoint downloads would contact, which HF_ENDPOINT sets while the saved one is the default.
  const blocked = settings.privateMode && !isLoopbackUrl(settings.hfEndpointInEffect);
  return (
    <div>
      <Switch
        label={t.privateMode}
        description={t.privateModeHelp}
        checked={settings.privateMode}
        onChange={(e) => void update({ privateMode: e.currentTarget.checked })}
        data-testid="settings-private-mode"
      />
      {blocked && (
        <Alert color="yellow" p={8} mt={8} data-testid="settings-private-blocks">
          <Text size="xs">{t.privateModeBlocks}</Text>
        </Alert>
      )}
    </div>
  );
}
