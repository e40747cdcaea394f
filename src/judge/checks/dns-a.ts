import type { CheckFunction } from '../judge-options.ts';
import { addressLookupCheck } from './address-lookup-check.ts';

/** SPEC dns_a: the IPv4 baseline, information only (its role keeps it out of the verdict). */
export const checkDnsA: CheckFunction = ({ facts, allowPrivate }) =>
  addressLookupCheck(facts.dns.a, allowPrivate);
