import { jaccard } from './jaccard.ts';
import { extractPageFeatures, type PageFeatures } from './page-features.ts';

/**
 * Visible text says what a page is; markup says which template and links it has. Text weighs
 * more because a gateway or a CDN may rewrite markup while serving the same content.
 */
const COMPONENT_WEIGHTS: readonly [keyof PageFeatures, number][] = [
  ['text', 0.6],
  ['markup', 0.4],
];

/**
 * How alike two HTML pages are, from 0 (nothing shared) to 1 (the same once volatile tokens
 * are stripped): the weighted Jaccard similarity of their text shingles and markup features.
 * Two empty bodies are the same page (1); an empty body and a non-empty one share nothing (0).
 */
export function pageSimilarity(htmlA: string, htmlB: string): number {
  const blankA = htmlA.trim().length === 0;
  const blankB = htmlB.trim().length === 0;
  if (blankA || blankB) return blankA && blankB ? 1 : 0;
  if (htmlA === htmlB) return 1;

  const featuresA = extractPageFeatures(htmlA);
  const featuresB = extractPageFeatures(htmlB);
  let weightedSum = 0;
  let weightTotal = 0;
  for (const [component, weight] of COMPONENT_WEIGHTS) {
    const setA = featuresA[component];
    const setB = featuresB[component];
    // A component neither page has (no text on either) says nothing either way.
    if (setA.size === 0 && setB.size === 0) continue;
    weightedSum += weight * jaccard(setA, setB);
    weightTotal += weight;
  }
  // Non-blank bodies without text or tags (only comments, say) are alike only when equal.
  if (weightTotal === 0) return htmlA.trim() === htmlB.trim() ? 1 : 0;
  return weightedSum / weightTotal;
}
