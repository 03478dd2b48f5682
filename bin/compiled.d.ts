export declare const COMPILED: string;
export declare function compiledEntry(): Promise<string | undefined>;
