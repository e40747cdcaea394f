import { describe, expect, it } from 'vitest';
import { NO_SLOT, SocketBudget, socketBudgetFor } from '../../src/net/socket-budget.ts';
import { parseProcLimits } from '../../src/net/open-file-limit.ts';

describe('socketBudgetFor', () => {
  it('keeps an eighth of the open-file limit, at least 64, for files', () => {
    expect(socketBudgetFor(1024)).toBe(896);
    expect(socketBudgetFor(256)).toBe(192);
    expect(socketBudgetFor(65536)).toBe(57344);
    expect(socketBudgetFor(40)).toBe(8);
  });
});

describe('parseProcLimits', () => {
  it('reads the soft limit of "Max open files"', () => {
    const text = [
      'Limit                     Soft Limit           Hard Limit           Units',
      'Max processes             63455                63455                processes',
      'Max open files            1024                 524288               files',
    ].join('\n');
    expect(parseProcLimits(text)).toBe(1024);
    expect(parseProcLimits('Max open files  unlimited  unlimited  files')).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(parseProcLimits('Max processes 5 5 processes')).toBeNull();
  });
});

describe('SocketBudget', () => {
  it('never has more slots out than its limit; a release lets the next waiter in', async () => {
    const budget = new SocketBudget(2);
    const first = budget.tryAcquire();
    const second = budget.tryAcquire();
    expect(first && second).toBeTruthy();
    expect(budget.tryAcquire()).toBeNull();
    const third = budget.acquire();
    let granted = false;
    void third.then(() => (granted = true));
    await Promise.resolve();
    expect(granted).toBe(false);
    first?.release();
    first?.release(); // twice is once
    expect(await third).not.toBe(NO_SLOT);
    expect(budget.open).toBe(2);
  });

  it('serves waiters in order, DNS ("first") before probes', async () => {
    const budget = new SocketBudget(1);
    const held = budget.tryAcquire();
    const order: string[] = [];
    const probe = budget.acquire().then((slot) => {
      order.push('probe');
      return slot;
    });
    const dns = budget.acquire(undefined, true).then((slot) => {
      order.push('dns');
      return slot;
    });
    held?.release();
    const dnsSlot = await dns;
    expect(order).toEqual(['dns']);
    if (dnsSlot !== NO_SLOT) dnsSlot.release();
    await probe;
    expect(order).toEqual(['dns', 'probe']);
  });

  it('a waiter whose signal fires leaves the queue with NO_SLOT and takes nothing', async () => {
    const budget = new SocketBudget(1);
    const held = budget.tryAcquire();
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBe(NO_SLOT);
    held?.release();
    expect(budget.open).toBe(0);
    expect(budget.tryAcquire()).not.toBeNull();
  });

  it('closes the oldest idle socket rather than make a needed one wait', async () => {
    const budget = new SocketBudget(2);
    const older = budget.tryAcquire();
    const newer = budget.tryAcquire();
    const closed: string[] = [];
    budget.park(() => {
      closed.push('older');
      older?.release();
    });
    const unparkNewer = budget.park(() => {
      closed.push('newer');
      newer?.release();
    });
    expect(budget.contended).toBe(false);
    const needed = await budget.acquire();
    expect(needed).not.toBe(NO_SLOT);
    expect(closed).toEqual(['older']);
    expect(budget.open).toBe(2);
    // Taken back into use, the newer one is no longer idle: the next caller waits.
    unparkNewer();
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal);
    expect(budget.contended).toBe(true);
    controller.abort();
    expect(await waiting).toBe(NO_SLOT);
    expect(closed).toEqual(['older']);
  });
});
