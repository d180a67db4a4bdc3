/**
 * The studio window's extension points. A feature lives in src/renderer/features/<name>/ and plugs in here
 * with one import and one entry per list; nothing else in the shell changes.
 *
 * - A page: export a `PageDef` (features/<name>/page.tsx) and add it to `pages`. Its `component` renders the
 *   main area; it reads the open dataset with `useApp((s) => s.datasetId)` and calls the contract through
 *   `useStudio().conn.client`. With `needsDataset: true` the shell shows a hint instead while none is open.
 *   Keep the entry light and load the page itself on first use, so its code (charts, forms) is not part of the
 *   window's start-up: `component: lazyNamed(() => import('./TrainingPage'), 'TrainingPage')` (app/Deferred.tsx;
 *   the shell wraps pages in Suspense).
 * - An item-panel section (e.g. the tagger's scores): export an `ItemPanelSection` and add it to
 *   `itemPanelSections`; its component gets the open `item` (ItemDetail) and re-renders when it changes.
 * - A selection action (a button in the gallery's selection bar): add a `SelectionAction`; its component gets
 *   the dataset id and the selected item ids.
 * - A job kind's name in the jobs panel: add it to `jobKindLabels` (otherwise the job's own title shows).
 * - Strings: every visible string comes from the feature's own features/<name>/i18n.ts, declared with
 *   `defineStrings({ en: {...}, 'zh-CN': {...} })` (the type checker rejects a missing key or language) and
 *   read in components with `const t = useStrings(strings)`. Registry entries here take a `Label`
 *   ({ en, 'zh-CN' }) because they are read outside components. Mark user content (file names, tags,
 *   captions, paths) with translate="no": the Chinese end-to-end check skips it and looks for English left
 *   anywhere else.
 * - Errors: `attempt(() => client.call(...))` or `notifyError(err)` from app/notify.tsx shows a contract error
 *   as a readable title, the service's message and advice (app/errors.ts); never show err.stack.
 */
import { libraryPage } from '../features/library/page';
import { taggerPage } from '../features/tagger/page';
import { scoresSection } from '../features/tagger/ScoresSection';
import { tagSelectionAction } from '../features/tagger/TagSelectionAction';
import { trainingPage } from '../features/training/page';
import type { ItemPanelSection, Label, PageDef, SelectionAction } from './extensions';

export const pages: readonly PageDef[] = [libraryPage, taggerPage, trainingPage];

export const itemPanelSections: readonly ItemPanelSection[] = [scoresSection];

export const selectionActions: readonly SelectionAction[] = [tagSelectionAction];

export const jobKindLabels: Readonly<Record<string, Label>> = {
  import: { en: 'Import', 'zh-CN': '导入' },
  'export.kohya': { en: 'Export for kohya', 'zh-CN': '导出为 kohya 格式' },
  tag: { en: 'Tagging', 'zh-CN': '打标签' },
  'training.install': { en: 'Install engine', 'zh-CN': '安装引擎' },
  'model-download': { en: 'Model download', 'zh-CN': '下载模型' },
};
