/**
 * Times classifyAddress per address: `npx tsx bench/classify-address-bench.ts`.
 * A mix of what DNS answers hold (global IPv6 and IPv4, a few special-purpose ones, an embedded
 * IPv4 tail, a zone index); docs/PERFORMANCE.md quotes its output. Not a test.
 */
import { classifyAddress } from '../src/dns/classify-address.ts';

const ADDRESSES = [
  '2606:4700:4700::1111',
  '2a00:1450:4001:82a::200e',
  '240e:83:205:1a4::3',
  '2001:db8::1',
  '2001:1::1',
  '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
  '64:ff9b::192.0.2.33',
  'fe80::1%eth0',
  'fd12:3456:789a::1',
  '::1',
  '93.184.216.34',
  '114.114.114.114',
  '10.1.2.3',
  '192.0.0.9',
  '255.255.255.255',
  '203.0.113.7',
];
const ROUNDS = 200_000;

function run(): number {
  let globals = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const address of ADDRESSES) if (classifyAddress(address).global) globals++;
  }
  return globals;
}

run(); // warm-up: the JIT, as in a scan after its first few sites
const started = process.hrtime.bigint();
const globals = run();
const elapsedNs = Number(process.hrtime.bigint() - started);
const perAddressUs = elapsedNs / 1000 / (ROUNDS * ADDRESSES.length);
console.log(
  `${ROUNDS * ADDRESSES.length} classifications, ${globals} global: ` +
    `${perAddressUs.toFixed(3)} us an address (Node ${process.versions.node})`,
);
