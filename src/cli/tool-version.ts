import { createRequire } from 'node:module';

const packageJson = createRequire(import.meta.url)('../../package.json') as {
  name: string;
  version: string;
};

export const TOOL_NAME = packageJson.name;
export const TOOL_VERSION = packageJson.version;
