export { crc32c, maskCrc, maskedCrc32c } from './crc32c';
export { scanRecords, type RecordScan, type RecordErrorReason } from './records';
export { EventDecoder, type ScalarSink } from './event';
export { EventTailer, isEventFile, eventFileTime, type TailSink, type TailProblem, type TailResult } from './tailer';
export { SeriesBuilder, downsample, tagAxis, tagGroup, type Axis, type ScalarSeries } from './series';
