import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { ActionIcon, Button, Group, Menu, Modal, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { TagTableRow } from '../../../shared/contract';
import { IconDots, IconSearch, IconSortAsc, IconSortDesc } from '../../app/icons';
import { attempt, notifyDone, notifyError } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { formatNumber, useLang, useStrings } from '../../i18n';
import { taggerStrings } from './i18n';
import './tagger.css';

type Sort = 'tag' | 'count' | 'score' | 'category';
const LIMIT = 300;
const SEARCH_PAUSE_MS = 200;
const NARROW: CSSProperties = { width: '1%', whiteSpace: 'nowrap' };
const NUMERIC: CSSProperties = { ...NARROW, textAlign: 'right', fontVariantNumeric: 'tabular-nums' };
// Headers leave white-space to tagger.css (they may wrap where the table is narrow).
const NARROW_HEAD: CSSProperties = { width: '1%' };
const NUMERIC_HEAD: CSSProperties = { ...NARROW_HEAD, textAlign: 'right' };

/** The dataset's tags with category, count and mean score: sort, search, rename / merge and delete everywhere. */
export function TagTable({ datasetId, version }: { datasetId: number; version: number }) {
  const { conn, edits } = useStudio();
  const t = useStrings(taggerStrings);
  const lang = useLang();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('count');
  const [desc, setDesc] = useState(true);
  const [data, setData] = useState<{ total: number; rows: TagTableRow[] }>({ total: 0, rows: [] });
  const [renaming, setRenaming] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const [tick, setTick] = useState(0);

  // The table is asked again once typing pauses, not per keystroke; only the latest answer is shown.
  const [query] = useDebouncedValue(search, SEARCH_PAUSE_MS);
  const asked = useRef(0);
  const load = useCallback(() => {
    const n = ++asked.current;
    conn.client
      .call('tagger.tagTable', { datasetId, search: query, sort, desc, limit: LIMIT })
      .then((d) => {
        if (n === asked.current) setData(d);
      })
      .catch(notifyError);
  }, [conn, datasetId, query, sort, desc]);
  useEffect(load, [load, version, tick]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = conn.client.on('dataset.changed', (e) => {
      if (e.datasetId !== datasetId || timer) return;
      timer = setTimeout(() => {
        timer = null;
        setTick((n) => n + 1);
      }, 300);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [conn, datasetId]);

  const itemsWith = (tag: string) => conn.client.call('items.ids', { datasetId, filter: { tag, status: 'all' } });

  const remove = (tag: string) =>
    void attempt(async () => {
      const itemIds = await itemsWith(tag);
      if (!itemIds.length) return;
      const r = await edits.getState().apply(datasetId, itemIds, { kind: 'removeTags', tags: [tag] });
      notifyDone(t.deleted(tag, r.changed));
      load();
    });

  const rename = () =>
    void attempt(async () => {
      if (!renaming || !to.trim()) return;
      const itemIds = await itemsWith(renaming);
      if (itemIds.length) {
        const r = await edits.getState().apply(datasetId, itemIds, { kind: 'replaceTag', from: renaming, to: to.trim() });
        notifyDone(t.renamed(r.changed));
      }
      setRenaming(null);
      load();
    });

  // The tag takes the spare width; the other columns are as narrow as their contents, numbers right-aligned.
  const header = (key: Sort, label: string, column: 'tag' | 'narrow' | 'numeric') => (
    <Table.Th style={column === 'tag' ? undefined : column === 'numeric' ? NUMERIC_HEAD : NARROW_HEAD}>
      <UnstyledButton
        onClick={() => {
          if (sort === key) setDesc(!desc);
          else {
            setSort(key);
            setDesc(key !== 'tag');
          }
        }}
      >
        <Group gap={4} wrap="nowrap" justify={column === 'numeric' ? 'flex-end' : undefined}>
          <Text size="xs" fw={600}>
            {label}
          </Text>
          {sort === key && (desc ? <IconSortDesc size={12} /> : <IconSortAsc size={12} />)}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <Stack gap="xs" data-testid="tagger-tag-table" style={{ minHeight: 0, flex: 1 }}>
      <TextInput size="xs" leftSection={<IconSearch size={14} />} placeholder={t.search} value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="tagger-tag-search" />
      <Text size="xs" c="dimmed">
        {t.showing(data.rows.length, data.total)}
      </Text>
      <div className="tag-table-scroll" style={{ overflow: 'auto', flex: 1, minHeight: 0 }}>
        <Table className="tag-table" striped highlightOnHover stickyHeader verticalSpacing={4} horizontalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              {header('tag', t.colTag, 'tag')}
              {header('category', t.colCategory, 'narrow')}
              {header('count', t.colCount, 'numeric')}
              {header('score', t.colScore, 'numeric')}
              <Table.Th style={NUMERIC_HEAD}>
                <Text size="xs" fw={600}>
                  {t.colModel}
                </Text>
              </Table.Th>
              <Table.Th style={NARROW_HEAD} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text size="xs" c="dimmed">
                    {t.noTagsYet}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {data.rows.map((r) => (
              <Table.Tr key={r.tag} data-testid="tagger-tag-row">
                {/* max-width 0: the column takes the spare width, and a tag longer than it ends in "…" (whole in its title). */}
                <Table.Td style={{ maxWidth: 0 }}>
                  <Text size="sm" truncate="end" title={r.tag} translate="no">
                    {r.tag}
                  </Text>
                </Table.Td>
                <Table.Td style={NARROW}>
                  <Text size="xs" c={r.category === 'character' ? 'grape' : r.category === 'rating' ? 'orange' : 'dimmed'}>
                    {t.categories[r.category ?? 'manual']}
                  </Text>
                </Table.Td>
                <Table.Td style={NUMERIC}>{formatNumber(r.count, lang)}</Table.Td>
                <Table.Td style={NUMERIC}>{r.meanScore === null ? '–' : r.meanScore.toFixed(2)}</Table.Td>
                <Table.Td style={NUMERIC}>{formatNumber(r.modelCount, lang)}</Table.Td>
                <Table.Td style={NARROW}>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" size="sm" aria-label={t.rename} data-testid="tagger-tag-menu">
                        <IconDots size={14} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item
                        onClick={() => {
                          setRenaming(r.tag);
                          setTo(r.tag);
                        }}
                      >
                        {t.rename}
                      </Menu.Item>
                      <Menu.Item color="red" onClick={() => remove(r.tag)} data-testid="tagger-tag-delete">
                        {t.deleteTag}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title={renaming ? t.renameTitle(renaming) : ''}>
        <Stack gap="sm">
          <TextInput label={t.newName} value={to} onChange={(e) => setTo(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && rename()} data-autofocus translate="no" />
          <Text size="xs" c="dimmed">
            {t.renameHint}
          </Text>
          <Group justify="flex-end">
            <Button onClick={rename} disabled={!to.trim() || to.trim() === renaming}>
              {t.renameConfirm}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
