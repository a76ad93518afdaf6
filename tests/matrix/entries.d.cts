// Types for entries.cjs (imported by playwright.config.ts and src/manifests.test.ts).
export interface Entry {
  id: string;
  dir: string;
  react: 'production' | 'development';
  levitate: boolean;
}
export declare const REPO: string;
export declare const ENTRY_HEADER: string;
export declare const ENTRIES: Entry[];
export declare const DEFAULT_ENTRY: Entry;
export declare function entryById(id: string): Entry;
export declare function packageDir(name: string, entry?: Entry): string;
export declare function installedVersion(name: string, entry?: Entry): string;
export declare function declaredVersions(entry: Entry): { grafana: string; react: string };
