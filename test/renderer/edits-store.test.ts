import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/renderer/app/errors';
import { setLang } from '../../src/renderer/i18n';
import { harness } from './memory-studio';

afterEach(() => setLang('en'));

describe('edits store', () => {
  it('refuses an edit with no dataset open with a typed message in the UI language (not "Unexpected error")', async () => {
    const { studio } = harness();
    await studio.init();
    expect(studio.edits.getState().datasetId).toBeNull();
    const apply = () => studio.edits.getState().apply(studio.edits.getState().datasetId, [1], { kind: 'setCaption', text: 'x' });
    const en = await apply().catch((e: unknown) => e);
    expect(describeError(en)).toMatchObject({ code: 'NOT_FOUND', title: 'Not found', message: ['No dataset is open: open or create one in the sidebar, then edit.'] });
    setLang('zh-CN');
    const zh = await apply().catch((e: unknown) => e);
    expect(describeError(zh)).toMatchObject({ code: 'NOT_FOUND', message: ['没有打开的数据集：请先在侧边栏打开或新建一个，再进行编辑。'], original: '' });
  });
});
