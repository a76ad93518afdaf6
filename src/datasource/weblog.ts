import { type DataFrame } from '@grafana/data';

// Placeholder until the web-log mode lands: turns upstream log/table frames into per-bucket count frames.
export interface WeblogOptions {
  bucket?: 'auto' | '5m' | '1h' | '4h' | '1d';
}

export async function weblogFrames(_frames: DataFrame[], _options: WeblogOptions, _refId: string): Promise<DataFrame[]> {
  throw new Error('web-log mode is not available yet');
}
