import { useEffect, useState } from 'react';
import { Badge, Group, Image, Stack, Text, Title } from '@mantine/core';
import type { RunArtifact } from '../../../shared/contract';
import { useStudio } from '../../app/studio-context';
import { formatNumber, useLang, useStrings } from '../../i18n';
import { trainingStrings } from './i18n';
import { useTraining, type TrainingStore } from './training-store';

const NONE: RunArtifact[] = [];

function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Checkpoints, states and samples grouped by the step they were written at (newest first). */
export function Artifacts({ store, runId }: { store: TrainingStore; runId: number }) {
  const t = useStrings(trainingStrings);
  const lang = useLang();
  const artifacts = useTraining(store, (s) => s.artifacts[runId] ?? NONE);
  const byStep = new Map<number, RunArtifact[]>();
  for (const a of artifacts) {
    const k = a.step ?? -1;
    byStep.set(k, [...(byStep.get(k) ?? []), a]);
  }
  const steps = [...byStep.keys()].sort((a, b) => b - a);
  return (
    <>
      <Title order={6} mb={6}>
        {t.artifacts}
      </Title>
      {!artifacts.length && (
        <Text size="sm" c="dimmed">
          {t.noArtifacts}
        </Text>
      )}
      <Stack gap="xs" className="artifact-list" data-testid="artifacts">
        {steps.map((step) => {
          const list = byStep.get(step)!;
          const samples = list.filter((a) => a.kind === 'sample' && a.exists);
          return (
            <div key={step} data-testid="artifact-step" data-step={step}>
              <Text size="xs" fw={600}>
                {step >= 0 ? `${t.stepAxis} ${formatNumber(step, lang)}` : '—'}
                {list[0]?.epoch != null ? ` · ${t.epochN(list[0].epoch)}` : ''}
              </Text>
              {list
                .filter((a) => a.kind !== 'sample')
                .map((a) => (
                  <Group key={a.path} gap={6} wrap="nowrap">
                    <Badge size="xs" variant="light" color={a.kind === 'checkpoint' ? 'blue' : 'gray'}>
                      {a.kind === 'checkpoint' ? t.checkpoint : t.state}
                    </Badge>
                    {a.final && (
                      <Badge size="xs" color="teal">
                        {t.final}
                      </Badge>
                    )}
                    {!a.exists && (
                      <Badge size="xs" color="gray" variant="outline">
                        {t.removed}
                      </Badge>
                    )}
                    <Text size="xs" truncate translate="no" title={a.path}>
                      {fileName(a.path)}
                    </Text>
                  </Group>
                ))}
              {samples.length > 0 && (
                <Group gap={6} mt={4}>
                  {samples.map((a) => (
                    <Sample key={a.path} runId={runId} artifact={a} />
                  ))}
                </Group>
              )}
            </div>
          );
        })}
      </Stack>
    </>
  );
}

function Sample({ runId, artifact }: { runId: number; artifact: RunArtifact }) {
  const { conn } = useStudio();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    conn.client
      .call('training.sample', { runId, path: artifact.path })
      .then((r) => live && setSrc(`data:${r.mime};base64,${r.base64}`))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [conn, runId, artifact.path]);
  return src ? <Image src={src} w={72} h={72} fit="cover" radius="sm" alt={fileName(artifact.path)} title={fileName(artifact.path)} data-testid="sample" /> : null;
}
