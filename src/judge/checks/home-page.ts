import type { HttpChain } from '../../probe/probe-types.ts';

/**
 * The final status of a fetch when it ended in a complete response: an ok chain, or one the
 * probe ended as `http_status` with the status known. null when no response ended the chain.
 */
export function finalStatusOf(chain: HttpChain | null): number | null {
  if (!chain) return null;
  const result = chain.result;
  if (result.ok) return result.finalStatus;
  return result.error === 'http_status' && result.finalStatus !== undefined
    ? result.finalStatus
    : null;
}

/** The home page loaded over this family: the chain ended in a complete response. */
export function homePageLoaded(chain: HttpChain | null): boolean {
  return chain?.result.ok === true;
}
