import { describe, expect, it } from 'vitest';
import { inShard, parseShard, ShardError, shardKey, shardOf } from '../../src/targets/shard.ts';
import type { TargetRecord } from '../../src/targets/target.ts';

const hosts = Array.from({ length: 1000 }, (_, i) => `site${i}.example${i % 7}.cn`);

describe('parseShard', () => {
  it('reads K/N', () => {
    expect(parseShard('2/4', {})).toEqual({ index: 2, count: 4 });
    expect(parseShard('0/1', {})).toEqual({ index: 0, count: 1 });
  });

  it('takes K from JOB_COMPLETION_INDEX when the spec is /N', () => {
    expect(parseShard('/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
  });

  it('an explicit K wins over JOB_COMPLETION_INDEX', () => {
    expect(parseShard('1/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 1, count: 4 });
  });

  it('/N without JOB_COMPLETION_INDEX is an error that names the variable', () => {
    expect(() => parseShard('/4', {})).toThrow(ShardError);
    expect(() => parseShard('/4', {})).toThrow(/JOB_COMPLETION_INDEX is not set/);
  });

  it('a JOB_COMPLETION_INDEX that is not a number is an error', () => {
    expect(() => parseShard('/4', { JOB_COMPLETION_INDEX: 'two' })).toThrow(/whole number/);
  });

  it('K equal to or above N is an error', () => {
    expect(() => parseShard('4/4', {})).toThrow(/part 4 does not exist in 4 parts/);
    expect(() => parseShard('/4', { JOB_COMPLETION_INDEX: '7' })).toThrow(/part 7/);
  });

  it('N below 1 is an error', () => {
    expect(() => parseShard('0/0', {})).toThrow(/at least 1/);
  });

  it.each(['', '1', '1/', 'a/4', '-1/4', '1/4/2', '1.5/4'])('"%s" is not a shard spec', (spec) => {
    expect(() => parseShard(spec, {})).toThrow(ShardError);
  });
});

describe('inShard', () => {
  it('four parts over 1000 hosts are disjoint and together complete', () => {
    const parts = [0, 1, 2, 3].map((index) =>
      hosts.filter((host) => inShard(host, { index, count: 4 })),
    );
    const seen = parts.flat();
    expect(seen).toHaveLength(hosts.length);
    expect(new Set(seen).size).toBe(hosts.length);
    // A hash that sent everything to one part would also be "complete"; each part gets a share.
    for (const part of parts) expect(part.length).toBeGreaterThan(150);
  });

  it('a host is in the same part on every call', () => {
    const first = hosts.map((host) => shardOf(host, 4));
    const second = hosts.map((host) => shardOf(host, 4));
    expect(second).toEqual(first);
  });

  it('the part of a host is fixed by SHA-256, so every machine and version agrees', () => {
    // Values from Python: int.from_bytes(sha256(host).digest()[:4], 'big') % N.
    expect(shardOf('www.gov.cn', 4)).toBe(0);
    expect(shardOf('www.baidu.com', 4)).toBe(3);
    expect(shardOf('www.example.cn', 1000)).toBe(502);
    expect(inShard('www.baidu.com', { index: 3, count: 4 })).toBe(true);
  });

  it('one part of one holds everything', () => {
    expect(hosts.every((host) => inShard(host, { index: 0, count: 1 }))).toBe(true);
  });
});

describe('shardKey', () => {
  const meta = { category: null, owner: null, name: null, rank: null };

  it('a valid target goes by its ASCII host, so all its URLs share a part', () => {
    const target: TargetRecord = {
      valid: true,
      index: 0,
      input: 'https://政务.example/a',
      host: 'xn--zfr164b.example',
      unicodeHost: '政务.example',
      entryUrls: ['https://xn--zfr164b.example/a'],
      ...meta,
    };
    expect(shardKey(target)).toBe('xn--zfr164b.example');
  });

  it('an invalid target goes by its input text', () => {
    const target: TargetRecord = {
      valid: false,
      index: 0,
      input: '192.0.2.1',
      reason: 'x',
      ...meta,
    };
    expect(shardKey(target)).toBe('192.0.2.1');
  });
});
