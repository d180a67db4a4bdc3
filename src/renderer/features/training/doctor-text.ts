import type { DoctorCheck, DoctorCheckCode, DoctorCheckId } from '../../../shared/contract';
import type { Parts } from '../../app/errors';
import type { Lang } from '../../i18n';
import { PARAM_ZH } from './param-i18n';
import { joined, list, MODEL_FILES_ZH, str, v, type Details } from './zh-parts';

/** A doctor check as the Engines section shows it, in the UI language. */
export interface ReadableCheck {
  title: Parts;
  detail: Parts;
  /** null when there is nothing to do. */
  fix: Parts | null;
  /** The core's English (title, detail, fix) when the UI shows another text in its place; '' otherwise. */
  original: string;
}

const TITLES_ZH: Record<DoctorCheckId, Parts> = {
  folder: ['引擎文件夹'],
  commit: ['引擎版本'],
  python: [v('Python')],
  imports: ['引擎导入'],
  accelerate: [v('accelerate'), ' 启动器'],
  torch: [v('PyTorch'), ' 与 ', v('CUDA')],
  gpu: ['GPU'],
  disk: ['磁盘空间'],
  models: ['模型文件'],
};

const INSTALL = (d: Details): Parts => ['使用“安装…”克隆 ', v(d.repo), ' 的 ', v(d.commit), ' 版本并创建独立的 ', v('venv'), '，或把引擎设置指向已有的检出。'];
/** "In the engine folder", naming it when it is known. */
const inFolder = (d: Details): Parts => (str(d.folder) ? ['在 ', v(d.folder), ' 中'] : ['在引擎文件夹中']);

type Said = { detail: Parts; fix?: Parts };

/** Every doctor finding, in Chinese, from its details. */
const ZH: Record<DoctorCheckCode, (d: Details) => Said> = {
  folder_not_set: (d) => ({ detail: ['还没有为 ', v(d.engine), ' 设置文件夹。'], fix: INSTALL(d) }),
  folder_missing: (d) => ({ detail: [v(d.path), ' 不存在。'], fix: INSTALL(d) }),
  folder_lacks_scripts: (d) => ({ detail: [v(d.path), ' 中缺少 ', ...joined(list(d.scripts)), '：它不是 ', v(d.engine), '，或者是不含这些模型的版本。'], fix: INSTALL(d) }),
  folder_ok: (d) => ({ detail: [v(d.path), ' 包含 ', ...joined(list(d.models)), ' 的脚本。'] }),
  commit_unknown: (d) => ({
    detail: [v(d.path), ' 不是 ', v('git'), ' 检出，因此无法确定它的版本。'],
    fix: ['Atelier 的设置是按 ', v(d.repo), ' ', v(d.commit), ' 核对的。', ...INSTALL(d)],
  }),
  commit_other: (d) => ({
    detail: ['检出位于 ', v(d.head), '；Atelier 的设置是按 ', v(d.commit), ' 核对的。'],
    fix: ['在 ', v(d.path), ' 中运行 ', v(`git fetch && git checkout ${str(d.fullCommit)}`), '（然后重新安装它的依赖）。'],
  }),
  commit_ok: (d) => ({ detail: ['位于固定的提交 ', v(d.commit), '。'] }),
  python_not_set: (d) => ({
    detail: ['没有 ', v(d.engine), ' 的 ', v('Python'), '：没有配置，', ...inFolder(d).slice(1), '也没有 ', v('venv/'), ' 或 ', v('.venv/'), '。'],
    fix: INSTALL(d),
  }),
  python_failed: (d) => ({
    detail: d.why === 'not_found' ? ['找不到 ', v(d.python), '。'] : [v(d.python), ...(d.why === 'timeout' ? [' 运行超时。'] : [' 运行失败：', v(d.error)])],
    fix: ['请把引擎的 ', v('Python'), ' 设为虚拟环境的解释器（例如 ', v(d.example), '）。', ...INSTALL(d)],
  }),
  python_version: (d) => ({
    detail: [v(`Python ${str(d.version)}`), '；', v(d.engine), ' 需要 ', v(`>=${str(d.min)},<${str(d.max)}`), '。'],
    fix: ['请用 ', v('Python 3.12'), ' 重建虚拟环境：', v(`uv venv --python 3.12 ${str(d.venv)}`), '（或重新安装引擎）。'],
  }),
  python_ok: (d) => ({ detail: [v(`Python ${str(d.version)}`), '（', v(d.executable), '）。'] }),
  needs_python: (d) => ({ detail: [d.working ? '需要能正常运行的 ' : '需要 ', v('Python'), '。'] }),
  imports_failed: (d) => ({
    detail: ['无法导入：', v(list(d.failures).join('; '))],
    fix: [
      ...(str(d.requirements)
        ? ['请把引擎的依赖安装到它的虚拟环境：', ...inFolder(d), '运行 ', v(d.requirements), ...(str(d.torch) ? ['（先安装 ', v('PyTorch'), '：', v(d.torch), '）'] : []), '。']
        : []),
      ...(str(d.tensorboard) ? ['请安装 ', v('TensorBoard'), '（每次训练都记录到它，损失曲线读取它的事件文件）：', v(d.tensorboard)] : []),
    ],
  }),
  imports_ok: (d) => ({ detail: ['已导入 ', ...joined(list(d.modules)), '。'] }),
  accelerate_missing: (d) => ({
    detail: [v(d.launcher), ' 不存在：训练通过 ', v('accelerate launch'), ' 启动。'],
    fix: ['请运行 ', v(`${str(d.python)} -m pip install accelerate`), '（或重新安装引擎的依赖）。'],
  }),
  accelerate_ok: (d) => ({ detail: [v(d.launcher)] }),
  torch_missing: (d) => ({ detail: ['无法导入 ', v('PyTorch'), '（', v(d.error), '）。'], fix: ['请安装带 CUDA 的 ', v('PyTorch'), '：', v(d.command)] }),
  torch_cpu_build: (d) => ({ detail: [v(`torch ${str(d.version)}`), ' 是只支持 CPU 的版本。'], fix: ['请重新安装 CUDA 版本：', v(d.command)] }),
  torch_no_device: (d) => ({
    detail: [v(`torch ${str(d.version)}`), '（CUDA ', v(d.cuda), '）找不到 CUDA 设备。'],
    fix: ['请把 ', v('NVIDIA'), ' 驱动更新到支持这个 CUDA 版本的版本（用 ', v('nvidia-smi'), ' 查看），或安装与驱动匹配的 ', v('torch'), ' 版本（旧驱动用 ', v('cu126'), '）。'],
  }),
  torch_ok: (d) => {
    const gb = list(d.memoryGb);
    const devices = list(d.names).flatMap((name, i): Parts => [...(i ? ['、'] : []), v(name), `（${gb[i] ?? '?'} GB）`]);
    return { detail: [v(`torch ${str(d.version)}`), '，CUDA ', v(d.cuda), '：', ...(devices.length ? devices : ['CUDA 可用']), '。'] };
  },
  gpu_no_driver: () => ({
    detail: ['找不到 ', v('nvidia-smi'), '，或它运行失败：看不到 ', v('NVIDIA'), ' 驱动。'],
    fix: ['请安装 ', v('NVIDIA'), ' 驱动（它提供 ', v('nvidia-smi'), '）；训练需要 ', v('NVIDIA'), ' 显卡。'],
  }),
  gpu_none: () => ({ detail: [v('nvidia-smi'), ' 没有列出任何 GPU。'], fix: ['请确认显卡已安装、驱动已加载（', v('nvidia-smi'), '）。'] }),
  gpu_ok: (d) => {
    const [total, free, drivers] = [list(d.totalGb), list(d.freeGb), list(d.drivers)];
    return { detail: list(d.names).flatMap((name, i): Parts => [...(i ? ['；'] : []), v(name), `：${total[i]} GB 显存（空闲 ${free[i]} GB），驱动 `, v(drivers[i])]) };
  },
  disk_low: (d) => ({ detail: diskFree(d), fix: ['请释放这个磁盘的空间，或移动 Atelier 的数据文件夹：缓存和训练状态需要几十 GB。'] }),
  disk_tight: (d) => ({ detail: diskFree(d), fix: ['大模型的潜变量缓存和可续训状态要占几十 GB；长时间训练前请先释放一些空间。'] }),
  disk_ok: (d) => ({ detail: diskFree(d) }),
  disk_unknown: (d) => ({ detail: ['无法读取 ', v(d.dir), ' 的可用空间：', v(d.error)] }),
  models_none: (d) => ({
    detail: ['还没有为 ', ...joined(list(d.models)), ' 设置模型文件。'],
    fix: ['请在 ', MODEL_FILES_ZH, ' 中设置 ', v('DiT'), '/检查点、', v('VAE'), ' 和文本编码器。'],
  }),
  models_missing: (d) => {
    const [owners, scopes, paths] = [list(d.owners), list(d.scopes), list(d.paths)];
    const files = list(d.keys).flatMap((key, i): Parts => [
      ...(i ? ['；'] : []),
      PARAM_ZH[key]?.[0] ?? key,
      '（',
      v(owners[i]),
      scopes[i] === 'family' ? ' 系列）' : '）',
      '：找不到 ',
      v(paths[i]),
    ]);
    return { detail: files, fix: ['请在 ', MODEL_FILES_ZH, ' 中更正这些路径，或把文件下载到那里。'] };
  },
  models_ok: (d) => ({ detail: [`${String(d.count)} 个已配置的模型文件都存在。`] }),
};

function diskFree(d: Details): Parts {
  return [`可用 ${str(d.freeGb)} GB，位于 `, v(d.dir), '。'];
}

/** A doctor check in the UI language; the fix only where there is something to do. */
export function describeCheck(c: DoctorCheck, lang: Lang): ReadableCheck {
  const showFix = c.status !== 'ok';
  if (lang === 'en') return { title: [c.title], detail: [c.detail], fix: showFix && c.fix ? [c.fix] : null, original: '' };
  const said = ZH[c.code](c.details);
  return {
    title: TITLES_ZH[c.id],
    detail: said.detail,
    fix: showFix && said.fix?.length ? said.fix : null,
    original: [`${c.title}: ${c.detail}`, ...(showFix && c.fix ? [c.fix] : [])].join('\n'),
  };
}
