import type { CheckFunction } from '../judge-options.ts';
import { addressLookupCheck } from './address-lookup-check.ts';

/** SPEC dns_aaaa: the host, after CNAMEs, has at least one global AAAA. */
export const checkDnsAaaa: CheckFunction = ({ facts, allowPrivate }) =>
  addressLookupCheck(facts.dns.aaaa, allowPrivate);
