import type { InstallStage } from '../../../shared/contract';
import type { Parts } from '../../app/errors';
import { joined, list, v } from './zh-parts';

/** An install step as the Chinese UI names it (the English UI shows the core's own title, the job's message). */
export function installStageZh({ stage, details: d }: InstallStage): Parts {
  switch (stage) {
    case 'fetch':
      return ['获取引擎的更新'];
    case 'clone':
      return ['克隆 ', v(d.repo)];
    case 'checkout':
      return ['检出 ', v(d.commit)];
    case 'venv':
      return ['创建虚拟环境'];
    case 'torch':
      return ['安装 ', v('PyTorch'), '（', v(d.index), '）'];
    case 'engine':
      return d.engine === 'sd-scripts' ? ['安装 ', v('sd-scripts'), ' 的依赖'] : ['安装 ', v(d.engine)];
    case 'extras':
      return ['安装 ', ...joined(list(d.packages))];
    case 'installed':
      return ['已安装'];
  }
}
