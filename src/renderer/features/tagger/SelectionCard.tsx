import { useCallback, useEffect, useRef, useState } from 'react';
import { Checkbox, Group, Slider, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { SelectionStats, TagSelection } from '../../../shared/contract';
import { attempt, notifyError } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { splitTags } from './format';
import { taggerStrings } from './i18n';

/**
 * Thresholds and tag rules for one model on the open dataset. Dragging a slider previews the counts it would
 * give (computed from stored scores, nothing written); letting go applies it to the tags, with no new run.
 */
export function SelectionCard({ datasetId, modelId, onApplied }: { datasetId: number; modelId: string; onApplied(): void }) {
  const { conn } = useStudio();
  const t = useStrings(taggerStrings);
  const [sel, setSel] = useState<TagSelection | null>(null);
  const [stats, setStats] = useState<SelectionStats | null>(null);
  const [note, setNote] = useState<string>('');
  const pending = useRef<TagSelection | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    let live = true;
    setSel(null);
    conn.client
      .call('tagger.getSelection', { datasetId, modelId })
      .then(async (s) => {
        if (!live) return;
        setSel(s);
        setStats(await conn.client.call('tagger.preview', { datasetId, modelId, selection: s }));
      })
      .catch(notifyError);
    return () => {
      live = false;
    };
  }, [conn, datasetId, modelId]);

  // One preview at a time; the newest request wins.
  const preview = useCallback(
    (s: TagSelection) => {
      pending.current = s;
      if (busy.current) return;
      busy.current = true;
      void (async () => {
        try {
          while (pending.current) {
            const next = pending.current;
            pending.current = null;
            setStats(await conn.client.call('tagger.preview', { datasetId, modelId, selection: next }));
          }
        } catch (err) {
          notifyError(err);
        } finally {
          busy.current = false;
        }
      })();
    },
    [conn, datasetId, modelId],
  );

  const apply = useCallback(
    (s: TagSelection) =>
      void attempt(async () => {
        const r = await conn.client.call('tagger.apply', { datasetId, modelId, selection: s });
        setStats(r.stats);
        setNote(r.changedItems ? t.applied(r.changedItems, r.ms.toFixed(0)) : t.upToDate);
        onApplied();
      }),
    [conn, datasetId, modelId, onApplied, t],
  );

  if (!sel) return null;
  const change = (patch: Partial<TagSelection>, now = true) => {
    const next = { ...sel, ...patch };
    setSel(next);
    if (now) apply(next);
    else preview(next);
  };

  const slider = (key: 'general' | 'character', mcutKey: 'generalMcut' | 'characterMcut', label: string, mcutLabel: string) => (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm">
          {label} <b data-testid={`tagger-${key}-value`} translate="no">{sel[mcutKey] ? 'MCut' : sel[key].toFixed(2)}</b>
        </Text>
        <Checkbox size="xs" label={mcutLabel} checked={sel[mcutKey]} onChange={(e) => change({ [mcutKey]: e.currentTarget.checked })} />
      </Group>
      <Slider
        min={0.02}
        max={1}
        step={0.01}
        value={sel[key]}
        disabled={sel[mcutKey]}
        label={(v) => v.toFixed(2)}
        onChange={(v) => change({ [key]: v }, false)}
        onChangeEnd={(v) => change({ [key]: v })}
        data-testid={`tagger-${key}-slider`}
      />
    </Stack>
  );

  return (
    <Stack gap="sm" data-testid="tagger-selection-card">
      <Text size="xs" c="dimmed">
        {t.thresholdsHint}
      </Text>
      {slider('general', 'generalMcut', t.general, t.generalMcut)}
      {slider('character', 'characterMcut', t.character, t.characterMcut)}
      {stats && (
        <Stack gap={0} data-testid="tagger-stats">
          <Text size="sm" fw={600} data-testid="tagger-yield">
            {t.yields(stats.tags, stats.taggedItems, stats.scoredItems)}
          </Text>
          <Text size="xs" c="dimmed">
            {t.distinct(stats.distinctTags)} ·{' '}
            {Object.entries(stats.byCategory)
              .map(([c, n]) => `${t.categories[c as keyof typeof t.categories] ?? c} ${n}`)
              .join(' · ')}
          </Text>
        </Stack>
      )}
      {note && (
        <Text size="xs" c="teal" data-testid="tagger-applied">
          {note}
        </Text>
      )}
      <Switch size="xs" label={t.rating} checked={sel.rating === 'best'} onChange={(e) => change({ rating: e.currentTarget.checked ? 'best' : 'none' })} />
      <Switch size="xs" label={t.characterFirst} checked={sel.characterFirst} onChange={(e) => change({ characterFirst: e.currentTarget.checked })} />
      <Switch size="xs" label={t.underscores} checked={sel.underscores === 'space'} onChange={(e) => change({ underscores: e.currentTarget.checked ? 'space' : 'keep' })} />
      <Switch size="xs" label={t.escape} checked={sel.escapeParens} onChange={(e) => change({ escapeParens: e.currentTarget.checked })} />
      <ListInput label={t.exclude} value={sel.exclude} placeholder={t.tagsPlaceholder} onCommit={(v) => change({ exclude: v })} testId="tagger-exclude" />
      <ListInput label={t.alwaysFirst} value={sel.alwaysFirst} placeholder={t.tagsPlaceholder} onCommit={(v) => change({ alwaysFirst: v })} testId="tagger-always-first" />
    </Stack>
  );
}

/** A comma-separated tag list, applied when the field loses focus or on Enter. */
function ListInput({ label, value, placeholder, onCommit, testId }: { label: string; value: string[]; placeholder: string; onCommit(v: string[]): void; testId: string }) {
  const [text, setText] = useState(value.join(', '));
  useEffect(() => setText(value.join(', ')), [value]);
  const commit = () => {
    const next = splitTags(text);
    if (next.join('\u0000') !== value.join('\u0000')) onCommit(next);
  };
  return (
    <TextInput
      size="xs"
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      data-testid={testId}
      translate="no"
    />
  );
}
