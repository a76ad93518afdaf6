// Public API of the web-traffic engine. Pure TypeScript: runs in Node, a browser main thread and a Web
// Worker.
export { Aggregator } from './aggregate';
export type {
  AggregateStats,
  AggregatorOptions,
  Breakdown,
  CountColumns,
  Dimension,
  LineSample,
  RejectReason,
  RowColumns,
  WeblogAggregate,
} from './aggregate';
export { AUTO_MAX_BUCKETS, autoBucket, BUCKET_MS, BUCKETS, bucketStart, isBucketChoice } from './buckets';
export type { BucketChoice, BucketName } from './buckets';
export { newLogRecord, parseLine, parseLogLine, splitRequest, unescapeField } from './parse';
export type { LogFormat, LogRecord, ParseFailure } from './parse';
export { parseApacheTime } from './time';
export { classifyUserAgent, UserAgentCache } from './ua';
export type { DeviceType, UserAgentInfo } from './ua';
