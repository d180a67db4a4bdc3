import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Tabs, TagsInput, Text, Textarea, TextInput, type OptionsFilter } from '@mantine/core';
import { MAX_ITEM_IDS, type EditOpInput, type TagCount } from '../../../shared/contract';
import { notifyDone, attempt } from '../../app/notify';
import { useEdits, useGallery, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';
import { useLibraryUi } from './ui-store';
import { useTagSuggestions } from './use-tag-suggestions';

/** Edits on every selected item at once; each Apply is one undo step. */
export function BulkEditDialog() {
  const { edits, conn } = useStudio();
  const t = useStrings(libraryStrings);
  const open = useLibraryUi((s) => s.bulkOpen);
  const selected = useGallery((s) => s.selected);
  const datasetId = useGallery((s) => s.datasetId);
  const busy = useEdits((s) => s.busy);
  // One edit takes at most this many ids: a larger selection is refused here, not failed by the service.
  const tooMany = selected.size > MAX_ITEM_IDS;
  const isBusy = busy || tooMany;
  const [selectionTags, setSelectionTags] = useState<TagCount[]>([]);

  const [addList, setAddList] = useState<string[]>([]);
  const [addSearch, setAddSearch] = useState('');
  const addChosen = useMemo(() => new Set(addList), [addList]);
  const suggestions = useTagSuggestions(open ? datasetId : null, addSearch, addChosen);
  const [at, setAt] = useState<'start' | 'end'>('end');
  const [removeList, setRemoveList] = useState<string[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [prefix, setPrefix] = useState('');
  const [suffix, setSuffix] = useState('');
  const [separator, setSeparator] = useState(', ');
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [regex, setRegex] = useState(false);
  const [matchCase, setMatchCase] = useState(true);
  const [caption, setCaption] = useState('');

  useEffect(() => {
    if (!open || datasetId === null || tooMany || selected.size === 0) return setSelectionTags([]);
    void conn.client.call('tags.frequency', { datasetId, itemIds: [...selected], limit: 40 }).then((r) => setSelectionTags(r.tags), () => undefined);
  }, [conn, open, datasetId, selected, tooMany]);

  const close = () => useLibraryUi.getState().setBulk(false);
  const run = async (op: EditOpInput, reset: () => void) => {
    const r = await attempt(() => edits.getState().apply(datasetId, [...selected], op));
    if (!r) return;
    notifyDone(r.changed ? t.changed(r.changed) : t.nothingChanged);
    reset();
    close();
  };

  return (
    <Modal opened={open} onClose={close} title={t.bulkTitle(selected.size)} size="lg" data-testid="bulk-dialog">
      {tooMany && (
        <Text size="sm" c="red" mb="sm" data-testid="bulk-too-many">
          {t.tooManySelected(MAX_ITEM_IDS)}
        </Text>
      )}
      <Tabs defaultValue="tags" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="tags">{t.tabTags}</Tabs.Tab>
          <Tabs.Tab value="caption">{t.tabCaption}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="tags">
          <Stack gap="md">
            <Block title={t.addTags}>
              <TagsInput
                data={suggestions.map((x) => x.tag)}
                // The service has matched and ranked them already.
                filter={keepOrder}
                searchValue={addSearch}
                onSearchChange={setAddSearch}
                value={addList}
                onChange={setAddList}
                placeholder={t.tagsInput}
                splitChars={[',']}
                size="xs"
                data-testid="bulk-add-tags"
                translate="no"
              />
              <Group justify="space-between">
                <Group gap={6}>
                  <Text size="xs" c="dimmed">
                    {t.insertAt}
                  </Text>
                  <SegmentedControl
                    value={at}
                    onChange={(v) => setAt(v as 'start' | 'end')}
                    data={[
                      { value: 'start', label: t.atStart },
                      { value: 'end', label: t.atEnd },
                    ]}
                  />
                </Group>
                <Button disabled={!addList.length || isBusy} onClick={() => run({ kind: 'addTags', tags: addList, at }, () => setAddList([]))} data-testid="bulk-add-apply">
                  {t.apply}
                </Button>
              </Group>
            </Block>

            <Block title={t.removeTags}>
              <TagsInput data={selectionTags.map((x) => x.tag)} value={removeList} onChange={setRemoveList} placeholder={t.tagsInput} splitChars={[',']} limit={12} size="xs" translate="no" />
              {selectionTags.length > 0 && (
                <div className="chips">
                  <Text size="xs" c="dimmed" mr={4}>
                    {t.selectionTags}
                  </Text>
                  {selectionTags.slice(0, 16).map((x) => (
                    <button
                      key={x.tag}
                      className="chip"
                      style={{ cursor: 'pointer', paddingRight: 7 }}
                      onClick={() => setRemoveList((l) => (l.includes(x.tag) ? l : [...l, x.tag]))}
                    >
                      <span className="chip-text" translate="no">
                        {x.tag}
                      </span>
                      <span style={{ color: 'var(--mantine-color-dimmed)', marginLeft: 4, fontSize: 11 }}>{x.count}</span>
                    </button>
                  ))}
                </div>
              )}
              <Group justify="flex-end">
                <Button color="red" variant="light" disabled={!removeList.length || isBusy} onClick={() => run({ kind: 'removeTags', tags: removeList }, () => setRemoveList([]))}>
                  {t.apply}
                </Button>
              </Group>
            </Block>

            <Block title={t.replaceTag}>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput label={t.replaceFrom} value={from} onChange={(e) => setFrom(e.currentTarget.value)} style={{ flex: 1 }} translate="no" />
                <TextInput label={t.replaceTo} value={to} onChange={(e) => setTo(e.currentTarget.value)} style={{ flex: 1 }} translate="no" />
                <Button
                  disabled={!from.trim() || !to.trim() || isBusy}
                  onClick={() =>
                    run({ kind: 'replaceTag', from: from.trim(), to: to.trim() }, () => {
                      setFrom('');
                      setTo('');
                    })
                  }
                >
                  {t.apply}
                </Button>
              </Group>
            </Block>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="caption">
          <Stack gap="md">
            <Block title={t.prepend}>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput value={prefix} onChange={(e) => setPrefix(e.currentTarget.value)} style={{ flex: 1 }} translate="no" data-testid="bulk-prefix" />
                <TextInput label={t.separator} value={separator} onChange={(e) => setSeparator(e.currentTarget.value)} w={80} translate="no" />
                <Button disabled={!prefix || isBusy} onClick={() => run({ kind: 'prependCaption', text: prefix, separator }, () => setPrefix(''))}>
                  {t.apply}
                </Button>
              </Group>
            </Block>
            <Block title={t.append}>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput value={suffix} onChange={(e) => setSuffix(e.currentTarget.value)} style={{ flex: 1 }} translate="no" />
                <TextInput label={t.separator} value={separator} onChange={(e) => setSeparator(e.currentTarget.value)} w={80} translate="no" />
                <Button disabled={!suffix || isBusy} onClick={() => run({ kind: 'appendCaption', text: suffix, separator }, () => setSuffix(''))}>
                  {t.apply}
                </Button>
              </Group>
            </Block>
            <Block title={t.findReplace}>
              <Group gap="xs" grow>
                <TextInput label={t.find} value={find} onChange={(e) => setFind(e.currentTarget.value)} translate="no" />
                <TextInput label={t.replaceWith} value={replace} onChange={(e) => setReplace(e.currentTarget.value)} translate="no" />
              </Group>
              <Group justify="space-between">
                <Group gap="md">
                  <Checkbox label={t.regex} checked={regex} onChange={(e) => setRegex(e.currentTarget.checked)} />
                  <Checkbox label={t.matchCase} checked={matchCase} onChange={(e) => setMatchCase(e.currentTarget.checked)} />
                </Group>
                <Button
                  disabled={!find || isBusy}
                  onClick={() => run({ kind: 'replaceInCaptions', find, replace, regex, caseSensitive: matchCase }, () => setFind(''))}
                >
                  {t.apply}
                </Button>
              </Group>
            </Block>
            <Block title={t.setCaption}>
              <Textarea value={caption} onChange={(e) => setCaption(e.currentTarget.value)} autosize minRows={2} maxRows={6} translate="no" />
              <Group justify="flex-end">
                <Button disabled={isBusy} onClick={() => run({ kind: 'setCaption', text: caption }, () => setCaption(''))}>
                  {t.apply}
                </Button>
              </Group>
            </Block>
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <Text size="xs" c="dimmed" mt="md">
        {t.undoHint}
      </Text>
    </Modal>
  );
}

const keepOrder: OptionsFilter = ({ options }) => options;

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}
