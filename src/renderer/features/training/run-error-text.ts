import type { RunError, RunErrorKind } from '../../../shared/contract';
import type { Parts } from '../../app/errors';
import type { Lang } from '../../i18n';
import { PARAM_ZH } from './param-i18n';
import { ENGINES_ZH as ENGINES, list, MODEL_FILES_ZH as MODEL_FILES, str, v } from './zh-parts';

/** A failed run's error as the run view shows it: title, what shows it, and what to do. */
export interface ReadableRunError {
  title: Parts;
  /** The engine's own line (or what is missing, for a pre-flight failure). */
  message: Parts;
  fix: Parts;
  /** The core's English (title, message, fix) when the UI shows another text in its place; '' otherwise. */
  original: string;
}

/*
 * The supervisor names a failure's cause in English, with the names and numbers its sentences hold in `details`.
 * The English UI shows its sentences as they are; Chinese says them from the cause. The engine's log line is
 * data and stays as it is in every language.
 */

const stepNumber = (x: unknown): number | null => (typeof x === 'number' ? x : null);

const CHECK: Parts = ['在那里点“检查”（命令行：', v('atelier train doctor ENGINE'), '）'];
const SETTINGS: Parts = ['请在 ', ENGINES, ' 中设置引擎的文件夹和 Python（它的虚拟环境），然后', ...CHECK, '。'];
const NAN_FIX: Parts = ['训练发散了：请把学习率减半，混合精度用 ', v('bf16'), ' 而不是 ', v('fp16'), '，', v('max_grad_norm'), ' 保持为 1.0，并检查数据集里有没有损坏的图片。'];
const CRASH_FIX: Parts = ['请在日志中查看这一行上方的错误。如果提到 CUDA，请更新显卡驱动或运行检查（', ENGINES, ' 中的“检查”）；否则请附上日志报告问题。'];

/** Titles for errors stored before causes were named, by kind. */
const ZH_KIND_TITLES: Record<RunErrorKind, string> = {
  cuda_oom: '显卡显存不足',
  ram_oom: '电脑内存（RAM）不足',
  missing_module: '引擎环境缺少 Python 包',
  encoding: '文本编码出错',
  missing_file: '找不到文件',
  nan_loss: '损失变成了 NaN',
  dataset_config: '引擎拒绝了数据集配置',
  bad_arguments: '引擎不接受这条命令行',
  crash: '引擎意外停止',
  preflight: '启动前检查未通过',
  launch: '命令没有启动',
};

type Said = { title: Parts; fix: Parts; message?: Parts };

/** Chinese title and fix (and message, when it is Atelier's own words) from the cause; null for an unknown one. */
function zh(e: RunError): Said | null {
  const d = e.details ?? {};
  switch (e.cause) {
    case 'cuda_oom':
      return {
        title: ['显卡显存不足'],
        fix: [...(str(d.alloc) ? ['还需要 ', v(d.alloc), '。'] : []), '请选择更省显存的预设（交换更多块、使用 ', v('fp8'), ' 基础模型），开启梯度检查点，或降低分辨率或批大小；并关闭其他占用显卡的程序。'],
      };
    case 'ram_oom':
      return {
        title: ['电脑内存（RAM）不足'],
        fix: ['交换的块和缓存的模型都放在内存里：请减少交换块数、关闭其他程序，或增大页面文件 / 交换空间。有两个 DiT 的模型（Wan 2.2）大约需要 96 GB 内存。'],
      };
    case 'killed':
      return {
        title: ['引擎被系统终止'],
        message: ['进程被 ', v('SIGKILL'), ' 结束，而这个信号不是 Atelier 发出的。'],
        fix: ['这通常是系统内存耗尽（内核的内存不足终止机制）：请减少交换块数、关闭其他程序，或增加交换空间。'],
      };
    case 'module_missing':
      return {
        title: ['引擎环境中没有安装 Python 包“', v(d.module), '”'],
        fix: ['请把它安装到引擎的虚拟环境中：', v(`<engine python> -m pip install ${str(d.package)}`), '，或重新安装引擎（', ENGINES, ' 中的“安装…”）；然后', ...CHECK, '。'],
      };
    case 'module_mismatch':
      return {
        title: ['已安装的“', v(d.package), '”与引擎需要的版本不符'],
        fix: ['引擎环境中的包版本与引擎期望的不同：请重新安装引擎（', ENGINES, ' 中的“安装…”，即固定的提交），以恢复它的依赖。'],
      };
    case 'encode':
      return {
        title: ['文本无法以 ', v(d.codec), ' 编码写出'],
        fix: [
          '引擎输出了控制台编码无法表示的文字。Atelier 会设置 ',
          v('PYTHONUTF8=1'),
          ' 和 ',
          v('PYTHONIOENCODING=utf-8'),
          '；如果你自己启动引擎，也请设置它们（', v('Windows'), ' 控制台默认使用 ',
          v('cp1252'),
          '）。',
        ],
      };
    case 'decode':
      return {
        title: ['有文本文件不是有效的 ', v(d.codec)],
        fix: ['某个标注、提示词或数据集 TOML 文件使用了其他编码：请将它另存为 ', v('UTF-8'), '（Atelier 写入的都是 ', v('UTF-8'), '；请检查手动添加的文件）。'],
      };
    case 'cache_missing':
      return { title: ['找不到缓存文件：', v(d.path)], fix: ['潜变量或文本编码器的缓存缺失或已过期：请重新运行缓存步骤（删除缓存文件夹即可重建）。'] };
    case 'model_missing':
      return { title: ['找不到模型文件：', v(d.path)], fix: ['请在 ', MODEL_FILES, ' 中为这个模型设置正确的路径，或把文件下载到 ', v(d.path), '。'] };
    case 'file_missing':
      return { title: ['找不到文件：', v(d.path)], fix: ['请确认 ', v(d.path), ' 存在；如果它是数据集或缓存文件夹，请在训练前重新导出数据集。'] };
    case 'nan_loss':
      return { title: ['损失变成了 NaN'], fix: NAN_FIX };
    case 'nan_stopped': {
      const at = stepNumber(d.nanStep);
      const resume = stepNumber(d.resumeStep);
      const from = at !== null ? `第 ${at} 步` : '第一次出现 NaN';
      const left =
        resume !== null
          ? `从${from}起保存的状态含有发散的权重，会被跳过：“继续”会从第 ${resume} 步接着训练，设置不变，所以可能再次发散；用这些改动新建一次训练更稳妥。`
          : `${from}之前没有保存的状态，所以这次训练无法继续：请用这些改动新建一次训练。`;
      return { title: [at !== null ? `损失在第 ${at} 步变成了 NaN` : '损失变成了 NaN'], fix: [...NAN_FIX, left] };
    }
    case 'dataset_config':
      return { title: ['引擎拒绝了数据集配置'], fix: ['数据集 TOML 与这个引擎的格式不符（', v(d.excerpt), '）：请在 Atelier 中重新生成，或手动修正那个键。'] };
    case 'bad_arguments':
      return { title: ['引擎不接受这条命令行'], fix: ['安装的引擎版本与 Atelier 期望的不同：请安装固定的提交（', ENGINES, ' 中的“安装…”），或去掉它拒绝的参数。'] };
    case 'signal':
      return { title: ['引擎被 ', v(d.signal), ' 结束'], fix: CRASH_FIX };
    case 'exit_code':
      return { title: [`引擎以退出码 ${String(d.exitCode)} 停止`], fix: CRASH_FIX };
    case 'ended_while_closed':
      return {
        title: ['引擎在 Atelier 关闭期间结束了'],
        ...(d.exitLost === true ? { message: ['它的退出状态随启动器一起丢失了。'] } : {}),
        fix: ['请从最近保存的状态继续这次训练；结束的经过请看日志。'],
      };
    case 'launch_atelier':
      return { title: ['Atelier 无法启动 ', v(d.step), ' 步骤'], fix: ['没有执行到引擎：请确认 Atelier 的数据文件夹有剩余空间并且可以写入，然后继续这次训练。'] };
    case 'engine_folder_missing':
      return { title: ['引擎文件夹 ', v(d.path), ' 不存在'], fix: [...SETTINGS, '“安装…”会把固定版本的引擎放到那里。'] };
    case 'program_missing':
      return {
        title: ['找不到 ', v(d.program)],
        fix: [...SETTINGS, '训练通过虚拟环境中 Python 旁边的 ', v('accelerate'), ' 运行：', v('<engine python> -m pip install accelerate'), ' 可以安装它。'],
      };
    case 'not_executable':
      return {
        title: [v(d.program), ' 不是可执行文件'],
        fix: ['请在 ', ENGINES, ' 中选择虚拟环境的 ', v('python'), '（或 ', v('accelerate'), '）可执行文件本身，或者让这个文件可以执行（', v('chmod +x'), '）。'],
      };
    case 'bad_interpreter':
      return {
        title: [v(d.program), ' 存在，但无法启动'],
        fix: ['它第一行（', v('#!'), '）指定的解释器不见了，比如虚拟环境所基于的 Python 被删除或移动了：请重新安装引擎（', ENGINES, ' 中的“安装…”）以重建虚拟环境，然后', ...CHECK, '。'],
      };
    case 'cannot_start':
      return { title: [v(d.program), ' 无法启动'], fix: [...SETTINGS, '如果仍然失败，请在终端中运行训练计划预览里的命令，查看原因。'] };
    case 'preflight':
      return zhPreflight(d);
    default:
      return null;
  }
}

function zhPreflight(d: NonNullable<RunError['details']>): Said {
  const paths = list(d.filePaths);
  const files = list(d.fileKeys).flatMap((key, i): Parts => ['找不到', PARAM_ZH[key]?.[0] ?? key, '：', v(paths[i]), '。']);
  const engine = v(d.engine);
  const setup: Parts = [
    ...(str(d.engineFolder) ? [engine, ' 文件夹 ', v(d.engineFolder), ' 不存在。'] : []),
    ...list(d.programs).flatMap((p): Parts => [v(p), ' 已不存在。']),
    ...list(d.scripts).flatMap((s): Parts => [v(s), ' 已不存在：排队之后 ', engine, ' 文件夹有了变化。']),
  ];
  return {
    title: ['在 ', v(d.step), ' 之前的启动前检查未通过'],
    message: [...files, ...setup],
    fix: [
      ...(files.length ? [`请把模型文件放回原处，或在 ${MODEL_FILES} 中更正路径，然后重新排队。`] : []),
      ...(setup.length ? [`请在 ${ENGINES} 中更正引擎（“检查”可以诊断它），然后重新开始这次训练。`] : []),
    ],
  };
}

/** A run's error in the UI language. */
export function describeRunError(e: RunError, lang: Lang): ReadableRunError {
  const log: Parts = e.message ? [v(e.message)] : [];
  if (lang === 'en') return { title: [e.title], message: log, fix: [e.fix], original: '' };
  const said = zh(e) ?? { title: [ZH_KIND_TITLES[e.kind]], fix: ['请查看日志中的错误；具体的解决办法见英文原文。'] };
  return { title: said.title, message: said.message ?? log, fix: said.fix, original: [e.title, e.message, e.fix].filter(Boolean).join('\n') };
}
