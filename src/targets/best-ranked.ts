import type { TargetRecord } from './target.ts';

interface Ranked {
  record: TargetRecord;
  /** Position among the deduplicated targets: breaks ties and restores input order. */
  position: number;
}

/**
 * Keeps the `top` best-ranked targets seen so far in a max-heap of `top` entries, so --top N
 * over a million-line list holds N targets, not the list. Lower ranks are better; a target with
 * no rank ranks after every ranked one, and equal ranks keep input order, so --top on an
 * unranked list keeps its first N lines.
 */
export class BestRanked {
  private readonly heap: Ranked[] = [];

  constructor(private readonly top: number) {}

  offer(record: TargetRecord, position: number): void {
    const candidate = { record, position };
    if (this.heap.length < this.top) {
      this.heap.push(candidate);
      this.siftUp(this.heap.length - 1);
    } else if (this.heap[0] !== undefined && worse(this.heap[0], candidate)) {
      this.heap[0] = candidate;
      this.siftDown(0);
    }
  }

  /** The kept targets in input order, because reports are sorted by input order. */
  inInputOrder(): TargetRecord[] {
    return this.heap
      .slice()
      .sort((left, right) => left.position - right.position)
      .map((item) => item.record);
  }

  private siftUp(start: number): void {
    let at = start;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.swapIfWorse(parent, at)) return;
      at = parent;
    }
  }

  private siftDown(start: number): void {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < this.heap.length && this.isWorse(left, worst)) worst = left;
      if (right < this.heap.length && this.isWorse(right, worst)) worst = right;
      if (worst === at) return;
      this.swap(at, worst);
      at = worst;
    }
  }

  /** Moves the worse of a parent and its child up; true when they were swapped. */
  private swapIfWorse(parent: number, child: number): boolean {
    if (!this.isWorse(child, parent)) return false;
    this.swap(parent, child);
    return true;
  }

  private isWorse(a: number, b: number): boolean {
    const left = this.heap[a];
    const right = this.heap[b];
    return left !== undefined && right !== undefined && worse(left, right);
  }

  private swap(a: number, b: number): void {
    const left = this.heap[a];
    const right = this.heap[b];
    if (left === undefined || right === undefined) return;
    this.heap[a] = right;
    this.heap[b] = left;
  }
}

function worse(a: Ranked, b: Ranked): boolean {
  const rankA = a.record.rank ?? Number.POSITIVE_INFINITY;
  const rankB = b.record.rank ?? Number.POSITIVE_INFINITY;
  return rankA !== rankB ? rankA > rankB : a.position > b.position;
}
