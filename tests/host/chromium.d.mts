// Types for chromium.mjs (imported by playwright.config.ts).
export declare const CHROMIUM: string;
export declare const CHROMIUM_ARGS: string[];
