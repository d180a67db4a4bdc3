import type { ErrorCode } from '../../shared/errors';
import type { Lang } from '../i18n';

/** A message as parts: plain text in the UI language, and `{ verbatim }` for what stays as it is in every
 * language (names, paths, hosts), which the UI marks translate="no". */
export type Parts = (string | { verbatim: string })[];

/*
 * The core speaks English: its messages are specific (which file, which host) and go into logs and bug
 * reports as they are. The English UI shows them unchanged; the other UI languages translate them here, by
 * their code and, for contract errors, by the details the core sends with them. What has no translation is
 * shown by its code's title and advice, with the English original one click away.
 */

type Details = Record<string, unknown>;
interface CoreTranslations {
  /** A file's problem (an item's error, a job's per-file error), by its code. */
  problems: Record<string, string>;
  /** Said of a problem whose code has no entry. */
  unknownProblem: string;
  /** A contract error, from its details: null when this language has nothing more specific than the title. */
  error(code: ErrorCode, d: Details): Parts | null;
}

const v = (verbatim: unknown): { verbatim: string } => ({ verbatim: String(verbatim) });
const str = (x: unknown): x is string => typeof x === 'string';
const num = (x: unknown): x is number => typeof x === 'number';
const hostOf = (url: unknown): string => {
  try {
    return new URL(String(url)).host;
  } catch {
    return String(url);
  }
};
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

const ZH_OFFLINE: Parts = [
  '请检查网络连接后重试，下载会从中断处继续。如果这里无法访问 ',
  v('huggingface.co'),
  '，请在设置中把“Hugging Face 端点”设为镜像地址，或添加已有的模型文件夹。',
];

const zh: CoreTranslations = {
  problems: {
    UNSUPPORTED_FORMAT: '暂时无法读取这种格式的图片；请转换为 JPEG、PNG 或 WebP 后再导入。',
    NOT_A_PICTURE: '不是 Atelier 能读取的图片（可读取 JPEG、PNG、WebP、GIF、TIFF 和 AVIF）。',
    DUPLICATE: '与数据集中已有的一张图片完全相同，没有重复导入。',
    UNREADABLE: '无法读取：没有权限，或无法打开。请检查它的权限。',
    SYMLINK_LOOP: '这个链接指回了自身（链接循环），已跳过。',
    BROKEN_LINK: '这个链接指向的目标不存在，已跳过。',
    NOT_A_FILE: '不是普通文件（设备、套接字或管道），已跳过。',
    NOT_FOUND: '文件在读取前消失了，或不存在。',
    EMPTY: '文件是空的（0 字节）；请从原处重新复制。',
    TOO_LARGE: '文件太大，超出了防止解压炸弹的限制，已跳过；请缩小后再导入。',
    TRUNCATED: '图片不完整（文件在图像数据结束前就结束了），常见于下载或复制中断；请重新复制。',
    CORRUPT: '数据已损坏，无法解码；请重新导出或重新复制。',
    ZIP_ERROR: '不是可读取的 zip 压缩包。',
    ZIP_SLIP: '压缩包里的路径不安全，已跳过，以免写到素材库之外。',
    ZIP_LINK: '不会跟随压缩包里的链接，已跳过。',
    ZIP_ENCRYPTED: '这个条目有密码保护；请自行解压后导入文件夹。',
    ZIP_UNSUPPORTED: '这个条目使用了无法读取的压缩方式；请用常见的方式重新压缩。',
    MISSING: '未导出：文件已不在磁盘上。',
    NOT_READY: '未导出：文件仍在读取中；请在导入完成后再导出。',
    NO_CONTROL: '未导出：这张图片没有可用的控制图；请为它配对，或将它移除。',
    ITEM_ERROR: '未导出：无法读取这个文件。',
    IO: '读取或写入文件失败。',
    DECODE: '无法为打标器准备这张图片。',
    INTERNAL: '处理时发生了意外错误。',
  },
  unknownProblem: '无法处理这个文件。',
  error(code, d) {
    switch (code) {
      case 'PRIVACY_BLOCKED':
        return str(d.host) ? ['隐私模式已开启，所以 Atelier 不会连接 ', v(d.host), '。'] : null;
      case 'NETWORK':
        if (str(d.host)) {
          if (d.code === 'ENOTFOUND' || d.code === 'EAI_AGAIN') return ['无法解析 ', v(d.host), '：这台电脑似乎没有联网，或者 DNS 被屏蔽。', ...ZH_OFFLINE];
          if (d.code === 'ECONNREFUSED') return ['无法连接 ', v(d.host), '：连接被拒绝。', ...ZH_OFFLINE];
          if (['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL'].includes(String(d.code))) return ['无法访问 ', v(d.host), '：网络不可达。', ...ZH_OFFLINE];
          return ['与 ', v(d.host), ' 的连接中断了。', ...ZH_OFFLINE];
        }
        if (num(d.status)) {
          const busy = d.status === 429 ? '正在限制请求' : d.status >= 500 ? '出错了' : '返回了错误';
          return [v(hostOf(d.url)), ` ${busy}（HTTP ${d.status}）。请稍后重试，下载会从中断处继续。`];
        }
        return null;
      case 'UNAUTHORIZED':
        return num(d.status)
          ? [v(hostOf(d.url)), ` 拒绝了下载（${d.status}）：模型受限或是私有的。请在模型页面上接受其条款，然后在设置中添加或检查“Hugging Face 访问令牌”（读取权限）。`]
          : null;
      case 'NOT_FOUND':
        if (num(d.status) && str(d.url)) return ['在 ', v(d.url), ' 找不到这个文件（404）：仓库、版本或文件名有误，或者镜像没有它。'];
        if (Array.isArray(d.paths)) return ['没有可导入的内容：', v(d.paths.join(', ')), ' 不存在。'];
        if (str(d.modelId) && str(d.status)) return ['模型 ', v(d.modelId), d.status === 'partial' ? ' 只下载了一部分：请先完成下载。' : ' 还没有下载：请先下载它。'];
        if (str(d.modelId)) return ['找不到模型 ', v(d.modelId), '。'];
        return null;
      case 'CONFLICT':
        if (str(d.datasetName)) return ['已经有名为“', v(d.datasetName), '”的数据集。'];
        if (num(d.jobId)) return [`这个模型正在下载（任务 ${d.jobId}）：请先取消下载。`];
        return null;
      case 'IO':
        if (num(d.need) && num(d.free)) return [`磁盘空间不足：需要 ${mb(d.need)}，但只剩 ${mb(d.free)}。`];
        if (str(d.file) && str(d.expected)) return [v(d.file), ' 的校验值（', v('sha256'), '）与首次下载时记录的不同，文件已删除：服务器（或镜像）对同一版本发送了不同的内容。'];
        return null;
      case 'INVALID_INPUT':
        if (Array.isArray(d.issues)) {
          // A run refused at pre-flight (training.enqueue): its issues are listed on the New run page.
          if (d.issues.some((i: { severity?: unknown }) => i?.severity === 'error')) return ['启动前检查未通过：请先解决“启动前检查”中列出的问题。'];
          const fields = d.issues.map((i: { path?: unknown[] }) => (i.path ?? []).join('.')).filter(Boolean);
          return fields.length ? ['这些值不正确：', v(fields.join(', ')), '。'] : ['输入的值不正确。'];
        }
        if (Array.isArray(d.problems)) return ['数据集配置无效。'];
        return null;
      case 'ENGINE':
        return str(d.log) ? ['安装失败，完整日志：', v(d.log)] : null;
      default:
        return null;
    }
  },
};

const translations: Record<Exclude<Lang, 'en'>, CoreTranslations> = { 'zh-CN': zh };

export function fileProblemText(code: string | null, lang: Exclude<Lang, 'en'>): Parts {
  const t = translations[lang];
  return [(code && t.problems[code]) || t.unknownProblem];
}

export function coreErrorText(code: ErrorCode, details: unknown, lang: Exclude<Lang, 'en'>): Parts | null {
  return details && typeof details === 'object' ? translations[lang].error(code, details as Details) : null;
}
