import { useEffect, useState } from 'react';
import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ItemDetail, MethodOutput } from '../../../shared/contract';
import type { ItemPanelSection } from '../../app/extensions';
import { notifyError } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { taggerStrings } from './i18n';

const SHOWN_BELOW = 12;

/** The item panel's model scores: each tag with its score, category and source on hover; the best scores that
 * missed the thresholds; and tags the user removed. */
function ScoresSection({ item }: { item: ItemDetail }) {
  const { conn } = useStudio();
  const t = useStrings(taggerStrings);
  const [info, setInfo] = useState<MethodOutput<'tagger.itemTags'> | null>(null);
  useEffect(() => {
    let live = true;
    conn.client
      .call('tagger.itemTags', { itemId: item.id })
      .then((r) => live && setInfo(r))
      .catch(notifyError);
    return () => {
      live = false;
    };
  }, [conn, item]);
  if (!info) return null;
  if (info.scores.length === 0 && info.tags.every((x) => x.source === 'manual')) {
    return (
      <Text size="xs" c="dimmed">
        {t.noItemScores}
      </Text>
    );
  }
  const below = info.scores.filter((s) => s.status === 'untagged' && s.category !== 'rating').slice(0, SHOWN_BELOW);
  const cat = (c: string | null) => t.categories[(c ?? 'manual') as keyof typeof t.categories] ?? c ?? '';
  return (
    <Stack gap={6} data-testid="tagger-scores">
      <Group gap={4}>
        {info.tags.map((x) => (
          <Tooltip key={x.tag} label={t.tagTip(cat(x.category), x.source === 'manual' ? t.sourceManual : t.sourceModel(x.source))}>
            <Badge
              variant={x.source === 'manual' ? 'outline' : 'light'}
              color={x.category === 'character' ? 'grape' : x.category === 'rating' ? 'orange' : 'blue'}
              style={{ textTransform: 'none' }}
              data-testid="tagger-score-tag"
              data-source={x.source}
            >
              <span translate="no">{x.tag}</span>
              {x.score !== null && <span style={{ opacity: 0.7 }}> {x.score.toFixed(2)}</span>}
            </Badge>
          </Tooltip>
        ))}
      </Group>
      {below.length > 0 && (
        <>
          <Text size="xs" c="dimmed">
            {t.notSelected}
          </Text>
          <Group gap={4}>
            {below.map((s) => (
              <Tooltip key={`${s.modelId}:${s.tag}`} label={t.tagTip(cat(s.category), s.modelId)}>
                <Badge variant="default" style={{ textTransform: 'none' }}>
                  <span translate="no">{s.tag}</span> <span style={{ opacity: 0.7 }}>{s.score.toFixed(2)}</span>
                </Badge>
              </Tooltip>
            ))}
          </Group>
        </>
      )}
      {info.suppressed.length > 0 && (
        <>
          <Text size="xs" c="dimmed">
            {t.removedByYou}
          </Text>
          <Group gap={4} data-testid="tagger-suppressed">
            {info.suppressed.map((s) => (
              <Badge key={s} variant="default" color="gray" style={{ textTransform: 'none', textDecoration: 'line-through' }}>
                <span translate="no">{s}</span>
              </Badge>
            ))}
          </Group>
        </>
      )}
    </Stack>
  );
}

export const scoresSection: ItemPanelSection = {
  id: 'tagger-scores',
  order: 10,
  title: { en: taggerStrings.en.scoresTitle, 'zh-CN': taggerStrings['zh-CN'].scoresTitle },
  component: ScoresSection,
};
