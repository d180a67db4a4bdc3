import { useMemo } from 'react';
import { Alert, Text } from '@mantine/core';
import { tagRunResultSchema, type ExecutionProvider, type ProviderRequest, type TagRunResult } from '../../../shared/contract';
import { IconAlert } from '../../app/icons';
import { useJobs } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { taggerStrings } from './i18n';

export const PROVIDER_NAMES: Record<ProviderRequest, string> = { auto: '', cpu: 'CPU', cuda: 'CUDA', tensorrt: 'TensorRT', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU' };

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

/** The warning that tagging does not run where it should: a GPU asked for by name, or (auto) a GPU this
 * machine has, is not used; with the reason and what to do. */
export function ProviderWarning({ requested, used, reason, testId }: { requested: ProviderRequest; used: ExecutionProvider; reason: string | null; testId: string }) {
  const t = useStrings(taggerStrings);
  const auto = requested === 'auto';
  return (
    <Alert color="yellow" icon={<IconAlert size={16} />} title={auto ? t.gpuUnusedTitle : t.fallbackTitle} p="xs" data-testid={testId}>
      <Text size="xs" translate="no">
        {auto ? t.noGpuStarted(PROVIDER_NAMES[used]) : t.fellBack(PROVIDER_NAMES[requested], PROVIDER_NAMES[used])}. {reason}
      </Text>
    </Alert>
  );
}
