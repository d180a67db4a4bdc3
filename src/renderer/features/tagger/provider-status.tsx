import { useMemo } from 'react';
import { Alert, Text } from '@mantine/core';
import { tagRunResultSchema, type ExecutionProvider, type ProviderProblem, type ProviderRequest, type TagRunResult } from '../../../shared/contract';
import { OriginalText, PartsText } from '../../app/CoreText';
import { IconAlert } from '../../app/icons';
import { useJobs } from '../../app/studio-context';
import { useLang, useStrings } from '../../i18n';
import { taggerStrings } from './i18n';
import { PROVIDER_NAMES, providerReason } from './provider-text';

export { PROVIDER_NAMES };

/** The latest finished tag run of the model on the dataset: the provider its session really ran on. */
export function useLastTagRun(datasetId: number | null, modelId: string | null): TagRunResult | null {
  const result = useJobs(
    (s) => s.jobs.find((j) => j.kind === 'tag' && j.datasetId === datasetId && j.status === 'done' && (j.result as { modelId?: unknown } | null)?.modelId === modelId)?.result,
  );
  return useMemo(() => {
    const r = tagRunResultSchema.safeParse(result);
    return r.success ? r.data : null;
  }, [result]);
}

interface WarningProps {
  requested: ProviderRequest;
  used: ExecutionProvider;
  /** The core's English reason, and the same by cause. */
  reason: string | null;
  problems: readonly ProviderProblem[];
  testId: string;
}

/** The warning that tagging does not run where it should: a GPU asked for by name, or (auto) a GPU this
 * machine has, is not used; with the reason and what to do, in the UI language. */
export function ProviderWarning({ requested, used, reason, problems, testId }: WarningProps) {
  const t = useStrings(taggerStrings);
  const why = providerReason(reason, problems, useLang());
  const auto = requested === 'auto';
  return (
    <Alert color="yellow" icon={<IconAlert size={16} />} title={auto ? t.gpuUnusedTitle : t.fallbackTitle} p="xs" data-testid={testId}>
      <Text component="div" size="xs">
        {auto ? t.noGpuStarted(PROVIDER_NAMES[used]) : t.fellBack(PROVIDER_NAMES[requested], PROVIDER_NAMES[used])}
        {t.sentenceEnd}
        <PartsText parts={why.message} />
        <OriginalText text={why.original} />
      </Text>
    </Alert>
  );
}
