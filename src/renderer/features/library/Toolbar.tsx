import { useEffect, useState, type ReactNode } from 'react';
import { ActionIcon, Button, CloseButton, NativeSelect, Popover, Slider, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { WithVerbatim } from '../../app/CoreText';
import { IconDots, IconExport, IconFolderPlus, IconList, IconRedo, IconSearch, IconSortAsc, IconSortDesc, IconTag, IconUndo, type IconProps } from '../../app/icons';
import { useApp, useEdits, useGallery, useStudio } from '../../app/studio-context';
import { useLang, useStrings } from '../../i18n';
import { THUMB_MAX, THUMB_MIN, type GalleryQuery, type ItemSort, type StatusFilter } from '../../state/gallery-store';
import { describeOp, opNames } from './format';
import { libraryStrings } from './i18n';
import { TOOLBAR_LEVELS, toolbarLayout } from './layout';
import { useLibraryUi } from './ui-store';
import { useFoldLevel } from './use-fold-level';
import { useUndoRedo } from './use-undo-redo';

interface Props {
  /** Whether the tag column would dock beside the gallery (otherwise its button opens it over the gallery). */
  tagsFit: boolean;
}

/** The dataset's name, the filter field, the view controls, undo/redo, the panels' toggles and the add and export
 * buttons; what does not fit (measured: useFoldLevel) folds into icons and the "View" popover. */
export function Toolbar({ tagsFit }: Props) {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const name = useApp((s) => s.datasets.find((d) => d.id === s.datasetId)?.name ?? '');
  const query = useGallery((s) => s.query);
  const history = useEdits((s) => s.history);
  const busy = useEdits((s) => s.busy);
  const ui = useLibraryUi();
  const { undo, redo } = useUndoRedo();
  const [text, setText] = useState(query.text);
  const lang = useLang();
  const [ref, level] = useFoldLevel<HTMLDivElement>([lang, name].join('|'), TOOLBAR_LEVELS);
  const fold = toolbarLayout(level);

  useEffect(() => setText(query.text), [query.text]);
  useEffect(() => {
    if (text === gallery.getState().query.text) return;
    const timer = setTimeout(() => gallery.getState().setQuery({ text }), 200);
    return () => clearTimeout(timer);
  }, [gallery, text]);

  const tagsShown = tagsFit ? ui.tagsOpen : ui.tagsOverlay;
  const toggleTags = () => (tagsFit ? ui.setTags(!ui.tagsOpen) : ui.setTagsOverlay(!ui.tagsOverlay));
  const folded = fold.viewInMenu || fold.filtersInMenu;

  return (
    <div className="toolbar" data-testid="toolbar" data-fold={level || undefined} ref={ref}>
      {!fold.hideTitle && (
        // A long name is cut (its whole text in the tooltip) down to 140 px before the controls fold.
        <div className="toolbar-title" translate="no" title={name} data-shrinks-to={140}>
          {name}
        </div>
      )}
      <TextInput
        className="toolbar-filter"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        placeholder={t.filterPlaceholder}
        leftSection={<IconSearch size={14} />}
        rightSection={text ? <CloseButton size="xs" onClick={() => setText('')} aria-label={t.clearFilters} /> : null}
        data-testid="filter-text"
      />
      {!fold.filtersInMenu && <StatusSelect />}
      {!fold.filtersInMenu && <SortSelect />}
      {!fold.viewInMenu && <SortDirection />}
      {!fold.viewInMenu && <ThumbSlider />}
      {folded && (
        <Popover position="bottom-start" shadow="md" withArrow>
          <Popover.Target>
            <Tooltip label={t.viewOptions}>
              <ActionIcon aria-label={t.viewOptions} data-testid="view-options">
                <IconDots size={16} />
              </ActionIcon>
            </Tooltip>
          </Popover.Target>
          <Popover.Dropdown data-testid="view-options-menu">
            <Stack gap="sm" w={240}>
              {fold.filtersInMenu && (
                <Labeled label={t.status}>
                  <StatusSelect />
                </Labeled>
              )}
              {fold.filtersInMenu && (
                <Labeled label={t.sortLabel}>
                  <div style={{ display: 'flex', gap: 6 }}>
                    <SortSelect />
                    <SortDirection />
                  </div>
                </Labeled>
              )}
              {!fold.filtersInMenu && (
                <Labeled label={t.sortLabel}>
                  <SortDirection withLabel />
                </Labeled>
              )}
              <Labeled label={t.thumbSize}>
                <ThumbSlider wide />
              </Labeled>
            </Stack>
          </Popover.Dropdown>
        </Popover>
      )}
      <div style={{ flex: 1 }} data-fill="" />
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
        <ActionIcon
          onClick={toggleTags}
          variant={tagsShown ? 'light' : 'subtle'}
          color={tagsShown ? undefined : 'gray'}
          aria-label={t.toggleTags}
          aria-pressed={tagsShown}
          data-tags-toggle
          data-testid="toggle-tags"
        >
          <IconTag size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t.togglePanel}>
        <ActionIcon
          onClick={() => ui.setPanel(!ui.panelOpen)}
          variant={ui.panelOpen ? 'light' : 'subtle'}
          color={ui.panelOpen ? undefined : 'gray'}
          aria-label={t.togglePanel}
          aria-pressed={ui.panelOpen}
          data-testid="toggle-panel"
        >
          <IconList size={16} />
        </ActionIcon>
      </Tooltip>
      <div className="toolbar-sep" />
      <ToolButton icon={IconFolderPlus} label={t.addFolder} iconOnly={fold.iconButtons} onClick={() => ui.setAdd(true)} testId="add-folder" />
      <ToolButton icon={IconExport} label={t.export} iconOnly={fold.iconButtons} onClick={() => ui.setExport(true)} testId="export" />
    </div>
  );
}

function Labeled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" mb={4}>
        {label}
      </Text>
      {children}
    </div>
  );
}

/** A labelled button, or its icon alone (the label in a tooltip) where the toolbar is short of room. */
function ToolButton({ icon: Icon, label, iconOnly, onClick, testId }: { icon: (p: IconProps) => ReactNode; label: string; iconOnly: boolean; onClick(): void; testId: string }) {
  if (iconOnly) {
    return (
      <Tooltip label={label}>
        <ActionIcon variant="default" size={30} onClick={onClick} aria-label={label} data-testid={testId}>
          <Icon size={15} />
        </ActionIcon>
      </Tooltip>
    );
  }
  return (
    <Button variant="default" leftSection={<Icon size={14} />} onClick={onClick} data-testid={testId}>
      {label}
    </Button>
  );
}

// Native selects: keyboard-friendly, and nothing to keep positioned while closed.
function QuerySelect<F extends 'status' | 'sort'>(props: { field: F; options: { value: GalleryQuery[F]; label: string }[]; w: number; label: string; testId: string }) {
  const { gallery } = useStudio();
  const value = useGallery((s) => s.query[props.field]);
  return (
    <NativeSelect
      data={props.options}
      value={value}
      onChange={(e) => gallery.getState().setQuery({ [props.field]: e.currentTarget.value } as Partial<GalleryQuery>)}
      w={props.w}
      size="xs"
      data-testid={props.testId}
      aria-label={props.label}
    />
  );
}

function StatusSelect() {
  const t = useStrings(libraryStrings);
  const options: { value: StatusFilter; label: string }[] = [
    { value: 'all', label: t.statusAll },
    { value: 'error', label: t.statusError },
    { value: 'uncaptioned', label: t.statusUncaptioned },
    { value: 'untagged', label: t.statusUntagged },
    { value: 'ready', label: t.statusReady },
  ];
  return <QuerySelect field="status" options={options} w={128} label={t.status} testId="filter-status" />;
}

function SortSelect() {
  const t = useStrings(libraryStrings);
  const options: { value: ItemSort; label: string }[] = [
    { value: 'name', label: t.sortName },
    { value: 'date', label: t.sortDate },
    { value: 'size', label: t.sortSize },
    { value: 'resolution', label: t.sortResolution },
  ];
  return <QuerySelect field="sort" options={options} w={132} label={t.sortLabel} testId="sort" />;
}

function SortDirection({ withLabel = false }: { withLabel?: boolean }) {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const desc = useGallery((s) => s.query.desc);
  const label = desc ? t.descending : t.ascending;
  const icon = desc ? <IconSortDesc size={16} /> : <IconSortAsc size={16} />;
  const flip = () => gallery.getState().setQuery({ desc: !desc });
  if (withLabel) {
    return (
      <Button variant="default" size="xs" leftSection={icon} onClick={flip} data-testid="sort-direction">
        {desc ? t.sortDescending : t.sortAscending}
      </Button>
    );
  }
  return (
    <Tooltip label={label}>
      <ActionIcon onClick={flip} aria-label={label} data-testid="sort-direction">
        {icon}
      </ActionIcon>
    </Tooltip>
  );
}

function ThumbSlider({ wide = false }: { wide?: boolean }) {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const thumb = useGallery((s) => s.thumbSize);
  return (
    <Tooltip label={t.thumbSize}>
      <Slider
       
        value={thumb}
        min={THUMB_MIN}
        max={THUMB_MAX}
        step={8}
        onChange={(v) => gallery.getState().setThumbSize(v)}
        w={wide ? '100%' : 96}
        size="xs"
        label={null}
        aria-label={t.thumbSize}
        mx={wide ? 0 : 6}
      />
    </Tooltip>
  );
}
