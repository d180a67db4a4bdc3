import type { PlanIssueCode, PlanIssueShape, TomlProblemCode, TomlTableKind, TomlValueKind } from '../../../shared/contract';
import type { Parts } from '../../app/errors';
import type { Lang } from '../../i18n';
import { trainingStrings } from './i18n';
import { ENGINES_ZH, joined, list, MODEL_FILES_ZH, setting, str, v, type Details } from './zh-parts';

/** A pre-flight issue as the New run page shows it: what is wrong and what to change, in the UI language. The
 * parameter it concerns is named apart (the field it is shown under, or a label before it). */
export interface ReadableIssue {
  message: Parts;
  /** The core's English when the UI shows another text in its place; '' otherwise. */
  original: string;
}

const n = (x: unknown): string => String(x ?? '');
const DATASET_KINDS_ZH: Record<string, string> = { image: '图片', video: '视频', 'control-pair': '控制图配对' };
const kindZh = (k: unknown) => DATASET_KINDS_ZH[n(k)] ?? n(k);
const invalidZh = trainingStrings['zh-CN'].invalid;

const TABLES_ZH: Record<TomlTableKind, Parts> = {
  general: [' ', v('[general]'), ' '],
  musubi_general: [' ', v('[general]'), ' （目录等数据集专属的键放在 ', v('[[datasets]]'), '）'],
  image_dataset: ['图片数据集'],
  video_dataset: ['视频数据集'],
  dataset: [' ', v('[[datasets]]'), ' 表'],
  subset: [' ', v('[[datasets.subsets]]'), ' 表'],
};

const VALUE_KINDS_ZH: Record<TomlValueKind, Parts> = {
  int: ['整数'],
  float: ['小数（写 ', v('1.0'), '，不写 ', v('1'), '）'],
  number: ['数字'],
  bool: [' ', v('true'), ' 或 ', v('false')],
  str: ['带引号的字符串'],
  resolution: ['正整数或 ', v('[width, height]')],
  int_list: ['整数列表'],
  float_pair: ['一对数字 ', v('[a, b]')],
};

/** The dataset TOML's problems (within a pre-flight issue, after where in the file). */
const TOML_ZH: Record<TomlProblemCode, (d: Details) => Parts> = {
  toml_syntax: (d) => ['文件不是有效的 ', v('TOML'), '：', v(d.error)],
  toml_top_level: (d) => ['顶层不允许 ', v(d.key), '：文件只包含 ', v('[general]'), ' 和 ', v('[[datasets]]'), '。'],
  toml_unknown_key: (d) => [v(d.key), ' 不是引擎在', ...(TABLES_ZH[d.table as TomlTableKind] ?? [v(d.table)]), '中接受的键；请删除它或检查拼写。'],
  toml_value_kind: (d) => [v(d.key), ' 必须是', ...(VALUE_KINDS_ZH[d.kind as TomlValueKind] ?? [v(d.kind)]), '。'],
  toml_float_literal: (d) => [v(d.key), ' 必须写成带小数点的数（写 ', v('1.0'), '，不写 ', v('1'), '），这是引擎的要求。'],
  toml_not_table: (d) => (d.table === 'general' ? [v('[general]'), ' 必须是表。'] : ['每个 ', v('[[datasets]]'), ' 条目都必须是表。']),
  toml_at_least: (d) => [v(d.key), ` 至少为 ${n(d.min)}。`],
  toml_no_datasets: (d) =>
    d.engine === 'sd-scripts'
      ? ['请至少添加一个 ', v('[[datasets]]'), ' 表，并在其中用 ', v('[[datasets.subsets]]'), ' 指定图片文件夹。']
      : ['请至少添加一个带 ', v('image_directory'), ' 或 ', v('video_directory'), ' 的 ', v('[[datasets]]'), ' 表。'],
  toml_one_source: (d) => [v(d.dirKey), ' 和 ', v(d.jsonlKey), ' 必须给出且只能给出一个', ...(d.video ? [] : ['（视频请用 ', v('video_directory'), '）']), '。'],
  toml_caption_extension_missing: () => ['文件夹数据集需要在 ', v('[general]'), ' 或这里设置 ', v('caption_extension'), '（例如 ', v('".txt"'), '）。'],
  toml_caption_extension_dot: (d) => [v('caption_extension'), ' 需要带点：', v(`".${n(d.ext)}"`), '。'],
  toml_caption_extension_default: () => ['没有 ', v('caption_extension'), ' 时 ', v('sd-scripts'), ' 读取 ', v('.caption'), ' 文件；标注是 ', v('.txt'), ' 文件时请设置 ', v('caption_extension = ".txt"'), '。'],
  toml_jsonl_cache: (d) => ['从 ', v(d.jsonlKey), ' 读取的数据集需要自己的 ', v('cache_directory'), '。'],
  toml_shared_cache: (d) => [v(`datasets[${n(d.first)}]`), ' 已经缓存在 ', v(d.cache), '；请为每个数据集设置各自的 ', v('cache_directory'), '。'],
  toml_folder_missing: (d) => ['文件夹 ', v(d.dir), ' 不存在；请重新导出数据集或更正路径。'],
  toml_target_frames: (d) => [v('target_frames'), ` 必须是 N*4+1 的形式（1、5、9 … 81）；${n(d.frames)} 会被截成 ${n(d.down)}，请用 ${n(d.down)} 或 ${n(d.up)}。`],
  toml_frame_extraction: (d) => [v('frame_extraction'), ' 必须是以下之一：', ...joined(list(d.options)), '。'],
  toml_chunk_one: () => [v('frame_extraction'), ' 为 ', v('"chunk"'), ' 时，', v('target_frames'), ' 中的 1 会让每一帧都成为单独的片段；请删除它。'],
  toml_source_fps: () => [v('source_fps'), ' 必须大于 0（例如 ', v('30.0'), '）。'],
  toml_no_subsets: () => ['请至少添加一个带 ', v('image_dir'), ' 的 ', v('[[datasets.subsets]]'), '。'],
  toml_mixed_subsets: () => [v('DreamBooth'), ' 子集（', v('image_dir'), ' 和标注文件）与微调子集（', v('metadata_file'), '）不能放在同一个数据集中；请拆成两个 ', v('[[datasets]]'), '。'],
  toml_validation_split: () => [v('validation_split'), ' 必须不小于 0 且小于 1（', v('0.1'), ' 表示留出十分之一）。'],
  toml_image_dir_missing: () => ['每个子集都需要 ', v('image_dir'), '，即它的图片文件夹。'],
  toml_probability: (d) => [v(d.key), ' 是概率：在 0 到 1 之间。'],
  toml_bucket_order: (d) => [v('min_bucket_reso'), `（${n(d.min)}）大于 `, v('max_bucket_reso'), `（${n(d.max)}）。`],
  toml_bucket_min: (d) => [v('min_bucket_reso'), `（${n(d.min)}）不能超过分辨率的短边（${n(d.side)}）。`],
  toml_bucket_max: (d) => [v('max_bucket_reso'), `（${n(d.max)}）至少要等于分辨率的长边（${n(d.side)}）。`],
  toml_bucket_steps: (d) => [v(d.key), `（${n(d.value)}）不是 `, v('bucket_reso_steps'), `（${n(d.steps)}）的倍数；`, v('sd-scripts'), ' 会把它取整。'],
};

type OwnCode = Exclude<PlanIssueCode, TomlProblemCode>;

/** Every pre-flight cause, in Chinese, from its details. */
const ZH: Record<OwnCode, (d: Details) => Parts> = {
  engine_not_set: (d) => [v(d.engine), ' 还没有设置：请在 ', ENGINES_ZH, ' 中设置它的文件夹，或使用“安装…”。'],
  engine_folder_missing: (d) => [v(d.engine), ' 文件夹 ', v(d.path), ' 不存在：请在 ', ENGINES_ZH, ' 中更正。'],
  engine_script_missing: (d) => [v(d.folder), ' 中缺少 ', v(d.script), '：这个 ', v(d.engine), ' 检出的版本还不支持 ', v(d.model), '；请更新到固定的提交（“安装…”）。'],
  python_not_set: (d) => [v(d.engine), ' 没有 ', v('Python'), '：请在 ', ENGINES_ZH, ' 中设置虚拟环境的解释器（或在引擎文件夹中创建 ', v('venv/'), '）。'],
  python_missing: (d) => [v(d.engine), ' 的 ', v('Python'), ' ', v(d.python), ' 不存在：请在 ', ENGINES_ZH, ' 中更正。'],
  accelerate_missing: (d) => [v(d.python), ' 旁边没有安装 ', v('accelerate'), '（缺少 ', v(d.accelerate), '）：请运行 ', v(`${str(d.python)} -m pip install accelerate`), '，或重新安装引擎的依赖。'],
  dataset_kind: (d) => {
    const fits = list(d.fits);
    const kinds = list(d.kinds).map(kindZh).join('或');
    return [v(d.model), ` 只训练${kinds}数据集；“`, v(d.dataset), `”是${kindZh(d.kind)}数据集。`, ...(fits.length ? ['适用于它的模型：', ...joined(fits), '。'] : [])];
  },
  no_items: (d) => ['“', v(d.dataset), `”中没有可以训练的就绪${d.video ? '图片或视频' : '图片'}。`],
  no_controls: (d) => [v(d.model), ' 从（目标图，控制图）配对中学习，但“', v(d.dataset), '”没有控制图：请把它们添加为每对的控制图。'],
  bare_items: (d) => [`${n(d.total)} 个训练条目中有 ${n(d.bare)} 个既没有标注也没有标签，将以提示词“`, v(d.prompt), '”训练。'],
  items_not_ready: (d) => [`${n(d.count)} 个条目尚未就绪（出错或仍在处理），不参与训练。`],
  model_file_missing: (d) => ['找不到文件 ', v(d.path), '。请在 ', MODEL_FILES_ZH, ' 中更正。'],
  target_frames: (d) => [`帧数必须是 N*4+1（1、5、9 … 81）；${n(d.frames)} 不是：请用 ${n(d.down)} 或 ${n(d.up)}。`],
  no_length: () => ['请设置轮数或步数。'],
  output_name_chars: () => ['LoRA 名称会用作文件名：不能包含 ', v('\\ / : * ? " < > |'), '。'],
  no_save_state: () => [`没有开启${setting('save_state')}时，停止的训练无法继续，只能重新开始。`],
  no_sample_interval: () => ['设置了样图提示词，但没有设置生成间隔：不会生成样图。'],
  value_min: (d) => [invalidZh.min(n(d.min))],
  value_max: (d) => [invalidZh.max(n(d.max))],
  value_length: (d) => [invalidZh.length(Number(d.length))],
  value_one_of: (d) => ['可选：', ...joined(list(d.options))],
  value_required: () => [invalidZh.required],
  value_number: () => [invalidZh.number],
  value_integer: () => [invalidZh.integer],
  value_boolean: () => [invalidZh.boolean],
  value_key_value: (d) => ['“', v(d.item), '”不是 ', v('key=value'), ' 格式。'],
  fp8_scaled_needs_base: () => [`${setting('fp8_scaled')}需要${setting('fp8_base')}：请同时开启它，或关闭${setting('fp8_scaled')}。`],
  one_attention: (d) => [`只会使用一种注意力实现；请在${list(d.keys).map(setting).join('、')}中只保留一个。`],
  max_blocks: (d) => [v(d.model), ` 最多只能交换 ${n(d.max)} 个块；请把${setting('blocks_to_swap')}降到 ${n(d.max)} 或更少。`],
  full_precision: (d) => [`${setting(`full_${str(d.precision)}`)}需要把${setting('mixed_precision')}设为 `, v(d.precision), '。'],
  full_both: () => [`${setting('full_fp16')}和${setting('full_bf16')}只能选一个。`],
  cached_te_unet_only: () => [`${setting('cache_text_encoder_outputs')}需要开启${setting('network_train_unet_only')}；请开启它，或关闭缓存以训练文本编码器。`],
  cached_te_shuffle: () => [`${setting('shuffle_caption')}不能与${setting('cache_text_encoder_outputs')}同用；请关闭其中一个。`],
  cached_te_dropout: () => [`${setting('caption_dropout_rate')}不能与${setting('cache_text_encoder_outputs')}同用；请设为 0 或关闭缓存。`],
  swap_or_offload: () => [`${setting('blocks_to_swap')}和${setting('cpu_offload_checkpointing')}不能同时使用；请关闭其中一个。`],
  wan_i2v_clip: () => [v('Wan 2.1'), ' 图生视频需要 ', v('CLIP'), ` 模型：请在 ${MODEL_FILES_ZH} 中设置${setting('clip')}。`],
  offload_inactive_with_swap: () => [`${setting('offload_inactive_dit')}只能在不交换块时使用：请把${setting('blocks_to_swap')}设为 0，或关闭卸载。`],
};

const isToml = (code: PlanIssueCode): code is TomlProblemCode => code.startsWith('toml_');

/** A pre-flight issue in the UI language. */
export function describePlanIssue(issue: PlanIssueShape, lang: Lang): ReadableIssue {
  if (lang === 'en') return { message: [issue.message], original: '' };
  const d = issue.details ?? {};
  const where: Parts = str(d.path) ? ['数据集配置 ', v(d.path), '：'] : ['数据集配置：'];
  const message = isToml(issue.code) ? [...where, ...TOML_ZH[issue.code](d)] : ZH[issue.code](d);
  return { message, original: issue.message };
}
