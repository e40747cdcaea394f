import { fileURLToPath } from 'node:url';
import { readTargets } from './read-inputs.ts';
import type { TargetRecord } from './target.ts';

/** Found next to the module, so it works from src/ under tsx and from dist/ after a build. */
export const DEFAULT_TARGETS_PATH = fileURLToPath(
  new URL('../../fixtures/default-targets.csv', import.meta.url),
);

/** The embedded list scanned when no target is given: the city's portals and the named sites. */
export function loadDefaultTargets(
  options: { top?: number; defaultCategory?: string } = {},
): AsyncGenerator<TargetRecord> {
  return readTargets({ args: [], inputFiles: [DEFAULT_TARGETS_PATH], ...options });
}
