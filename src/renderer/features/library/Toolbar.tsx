import { useEffect, useState } from 'react';
import { ActionIcon, Button, CloseButton, NativeSelect, Slider, TextInput, Tooltip } from '@mantine/core';
import { WithVerbatim } from '../../app/CoreText';
import { IconExport, IconFolderPlus, IconList, IconRedo, IconSearch, IconSortAsc, IconSortDesc, IconTag, IconUndo } from '../../app/icons';
import { useApp, useEdits, useGallery, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { THUMB_MAX, THUMB_MIN, type ItemSort, type StatusFilter } from '../../state/gallery-store';
import { describeOp, opNames } from './format';
import { libraryStrings } from './i18n';
import { useLibraryUi } from './ui-store';
import { useUndoRedo } from './use-undo-redo';

export function Toolbar() {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const name = useApp((s) => s.datasets.find((d) => d.id === s.datasetId)?.name ?? '');
  const query = useGallery((s) => s.query);
  const thumb = useGallery((s) => s.thumbSize);
  const history = useEdits((s) => s.history);
  const busy = useEdits((s) => s.busy);
  const ui = useLibraryUi();
  const { undo, redo } = useUndoRedo();
  const [text, setText] = useState(query.text);

  useEffect(() => setText(query.text), [query.text]);
  useEffect(() => {
    if (text === gallery.getState().query.text) return;
    const timer = setTimeout(() => gallery.getState().setQuery({ text }), 200);
    return () => clearTimeout(timer);
  }, [gallery, text]);

  const statusOptions: { value: StatusFilter; label: string }[] = [
    { value: 'all', label: t.statusAll },
    { value: 'error', label: t.statusError },
    { value: 'uncaptioned', label: t.statusUncaptioned },
    { value: 'untagged', label: t.statusUntagged },
    { value: 'ready', label: t.statusReady },
  ];
  const sortOptions: { value: ItemSort; label: string }[] = [
    { value: 'name', label: t.sortName },
    { value: 'date', label: t.sortDate },
    { value: 'size', label: t.sortSize },
    { value: 'resolution', label: t.sortResolution },
  ];

  return (
    <div className="toolbar">
      <div className="toolbar-title" translate="no" title={name}>
        {name}
      </div>
      <TextInput
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        placeholder={t.filterPlaceholder}
        leftSection={<IconSearch size={14} />}
        rightSection={text ? <CloseButton size="xs" onClick={() => setText('')} aria-label={t.clearFilters} /> : null}
        w={250}
        data-testid="filter-text"
      />
      {/* Native selects: keyboard-friendly, and nothing to keep positioned while closed. */}
      <NativeSelect
        data={statusOptions}
        value={query.status}
        onChange={(e) => gallery.getState().setQuery({ status: e.currentTarget.value as StatusFilter })}
        w={128}
        size="xs"
        data-testid="filter-status"
        aria-label={t.status}
      />
      <NativeSelect
        data={sortOptions}
        value={query.sort}
        onChange={(e) => gallery.getState().setQuery({ sort: e.currentTarget.value as ItemSort })}
        w={132}
        size="xs"
        data-testid="sort"
        aria-label={t.sortLabel}
      />
      <Tooltip label={query.desc ? t.descending : t.ascending}>
        <ActionIcon onClick={() => gallery.getState().setQuery({ desc: !query.desc })} aria-label={query.desc ? t.descending : t.ascending}>
          {query.desc ? <IconSortDesc size={16} /> : <IconSortAsc size={16} />}
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t.thumbSize}>
        <Slider
          value={thumb}
          min={THUMB_MIN}
          max={THUMB_MAX}
          step={8}
          onChange={(v) => gallery.getState().setThumbSize(v)}
          w={96}
          size="xs"
          label={null}
          aria-label={t.thumbSize}
          mx={6}
        />
      </Tooltip>
      <div style={{ flex: 1 }} />
      <Tooltip label={history?.undo ? <WithVerbatim text={t.undo(describeOp(history.undo.op, t))} verbatim={opNames(history.undo.op)} /> : t.nothingToUndo}>
        <ActionIcon onClick={undo} disabled={!history?.undo || busy} aria-label={t.undoShort} data-testid="undo">
          <IconUndo size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={history?.redo ? <WithVerbatim text={t.redo(describeOp(history.redo.op, t))} verbatim={opNames(history.redo.op)} /> : t.nothingToRedo}>
        <ActionIcon onClick={redo} disabled={!history?.redo || busy} aria-label={t.redoShort} data-testid="redo">
          <IconRedo size={16} />
        </ActionIcon>
      </Tooltip>
      <div className="toolbar-sep" />
      <Tooltip label={t.toggleTags}>
        <ActionIcon onClick={() => ui.setTags(!ui.tagsOpen)} variant={ui.tagsOpen ? 'light' : 'subtle'} color={ui.tagsOpen ? undefined : 'gray'} aria-label={t.toggleTags}>
          <IconTag size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t.togglePanel}>
        <ActionIcon onClick={() => ui.setPanel(!ui.panelOpen)} variant={ui.panelOpen ? 'light' : 'subtle'} color={ui.panelOpen ? undefined : 'gray'} aria-label={t.togglePanel}>
          <IconList size={16} />
        </ActionIcon>
      </Tooltip>
      <div className="toolbar-sep" />
      <Button variant="default" leftSection={<IconFolderPlus size={14} />} onClick={() => ui.setAdd(true)} data-testid="add-folder">
        {t.addFolder}
      </Button>
      <Button variant="default" leftSection={<IconExport size={14} />} onClick={() => ui.setExport(true)} data-testid="export">
        {t.export}
      </Button>
    </div>
  );
}
