import { CUDA_INSTALL_HINT, type ExecutionProvider, type ProviderProblem, type ProviderRequest } from '../../../shared/contract';
import type { Parts } from '../../app/errors';
import type { Lang } from '../../i18n';

export const PROVIDER_NAMES: Record<ProviderRequest, string> = { auto: '', cpu: 'CPU', cuda: 'CUDA', tensorrt: 'TensorRT', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU' };

const v = (verbatim: string): { verbatim: string } => ({ verbatim });
const nvidia = v('NVIDIA');
const CUDA_LIBS: Parts = [v('CUDA 12'), ' 和 ', v('cuDNN 9')];

/** Where each provider's builds exist, for a provider this platform's onnxruntime-node lacks. */
const linuxX64: Parts = [' 版本只提供给 ', v('Linux x64')];
const ZH_BUILT_FOR: Partial<Record<ExecutionProvider, Parts>> = {
  cuda: [v('CUDA'), ...linuxX64],
  tensorrt: [v('TensorRT'), ...linuxX64],
  dml: [v('DirectML'), ' 用于 ', v('Windows')],
  coreml: [v('CoreML'), ' 用于 ', v('macOS')],
};

/** One provider's problem in Chinese, by its code; names, commands and onnxruntime's words kept as they are. */
function zhProblem(p: ProviderProblem): Parts {
  const name = v(PROVIDER_NAMES[p.provider]);
  const install = v(CUDA_INSTALL_HINT);
  const said: Parts = p.onnxruntime ? ['（', v('onnxruntime'), '：', v(p.onnxruntime), '）'] : [];
  switch (p.code) {
    case 'not_in_build':
      return [v('onnxruntime-node'), ' 在 ', v(p.platform), ' 上不包含 ', name, ...(ZH_BUILT_FOR[p.provider] ? ['（', ...ZH_BUILT_FOR[p.provider]!, '）'] : []), '。'];
    case 'no_driver':
      return [
        '这台电脑上找不到 ',
        nvidia,
        ' 显卡驱动，所以无法使用 ',
        name,
        '。如果它有 ',
        nvidia,
        ' 显卡，请安装驱动',
        ...(p.libraryMissing ? ['，然后用 ', install, ' 安装 ', name, ' 运行库'] : []),
        '。',
      ];
    case 'no_library':
      return ['没有安装 ', name, ' 运行库', ...(p.library ? ['（', v(p.library), '）'] : []), '。请用 ', install, ' 安装（需要 ', ...CUDA_LIBS, '），然后重启 Atelier。'];
    case 'cannot_load':
      return [
        '已安装 ',
        name,
        ' 运行库，但无法加载：需要安装 ',
        ...(p.provider === 'tensorrt' ? [v('TensorRT'), '（', v('libnvinfer'), '）、', ...CUDA_LIBS] : CUDA_LIBS),
        ' 的库，并让它们位于库搜索路径中。',
        ...said,
      ];
    case 'cannot_start':
      if (p.provider === 'dml') return [v('DirectML'), ' 无法启动：它需要 ', v('Windows 10 1903'), ' 或更高版本，以及支持 ', v('DirectX 12'), ' 的显卡。', ...said];
      return [name, ' 无法启动。', ...said];
    case 'no_nodes':
      return [name, ' 已启动，但这个模型的运算没有一个在它上面执行。'];
  }
}

/** Why providers did not run (the reason of a provider warning) in the UI language: the English UI shows the
 * core's own sentences; another language says each problem by its code, with the English one click away. */
export function providerReason(reason: string | null, problems: readonly ProviderProblem[], lang: Lang): { message: Parts; original: string } {
  if (!reason) return { message: [], original: '' };
  if (lang === 'en') return { message: [reason], original: '' };
  return { message: problems.flatMap((p, i) => [...(i ? [' '] : []), v(PROVIDER_NAMES[p.provider]), '：', ...zhProblem(p)]), original: reason };
}
