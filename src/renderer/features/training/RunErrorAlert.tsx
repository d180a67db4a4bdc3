import { Alert, Text } from '@mantine/core';
import type { RunError } from '../../../shared/contract';
import { OriginalText, PartsText } from '../../app/CoreText';
import { useLang, useStrings } from '../../i18n';
import { trainingStrings } from './i18n';
import { describeRunError } from './run-error-text';

/** Why a run failed, in the UI language: the engine's own line as it is, the core's English one click away. */
export function RunErrorAlert({ error }: { error: RunError }) {
  const t = useStrings(trainingStrings);
  const e = describeRunError(error, useLang());
  return (
    <Alert color="red" mt="xs" p={8} title={<PartsText parts={e.title} />} data-testid="run-error">
      <Text size="xs" data-testid="run-error-message">
        <PartsText parts={e.message} />
      </Text>
      <Text component="div" size="xs" mt={4}>
        <b>{t.fix}{t.colon}</b>
        <PartsText parts={e.fix} />
        <OriginalText text={e.original} />
      </Text>
    </Alert>
  );
}
