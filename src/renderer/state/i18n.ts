import { defineStrings } from '../i18n';

/** The stores' own messages (errors they raise before anything reaches the service). */
export const stateStrings = defineStrings({
  en: {
    noDataset: 'No dataset is open: open or create one in the sidebar, then edit.',
  },
  'zh-CN': {
    noDataset: '没有打开的数据集：请先在侧边栏打开或新建一个，再进行编辑。',
  },
});
